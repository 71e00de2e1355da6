"""placeholder"""
def graph_store_suite(target):
    return []
def protocol_suite(target):
    return []
