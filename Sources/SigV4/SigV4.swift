// The SigV4 module; its types are added as the package grows.
