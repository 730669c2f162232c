// The IAMClient module; its types are added as the package grows.
