"""chainkg 产业链招商图谱: ``streamlit run app.py``. The router is chainkg/app.py."""

from chainkg.app import main

main()
