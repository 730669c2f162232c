// The YAMLDocument module; its types are added as the package grows.
