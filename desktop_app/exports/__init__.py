"""Files the program writes for people: Excel and PDF documents built from the services' data."""
