"""Analysis: presence, status and actions (补链/强链/延链), recommendations, leaders, reports.

Pure functions over a store whose every query is a file of queries/; results are the typed
values of model.py.
"""
