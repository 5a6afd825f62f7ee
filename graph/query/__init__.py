"""graph/query"""
