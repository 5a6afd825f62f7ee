"""graph/write"""
