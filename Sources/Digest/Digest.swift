// The Digest module; its types are added as the package grows.
