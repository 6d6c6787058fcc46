"""Family support cases on screen: the route, the consilium, the resource map and the catalogue of support measures."""
