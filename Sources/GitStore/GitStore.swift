// The GitStore module; its types are added as the package grows.
