// The Reconciler module; its types are added as the package grows.
