"""The Cypher library (data), shipped as package data chainkg.queries."""
