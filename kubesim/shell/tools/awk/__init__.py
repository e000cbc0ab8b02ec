"""awk (placeholder)"""
def register(registry):
    pass
