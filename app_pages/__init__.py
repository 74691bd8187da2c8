"""The Streamlit pages of chainkg, one file a page; what they share is _shared.py."""
