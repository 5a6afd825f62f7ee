"""graph/validation"""
