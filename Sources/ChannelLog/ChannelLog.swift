// The ChannelLog module; its types are added as the package grows.
