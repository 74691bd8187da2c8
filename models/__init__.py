"""Trained models (data), shipped as package data chainkg.models."""
