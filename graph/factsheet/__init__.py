"""graph/factsheet"""
