"""SHACL validation of our data and of data others bring, and its reports."""
