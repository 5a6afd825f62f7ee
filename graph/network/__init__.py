"""graph/network"""
