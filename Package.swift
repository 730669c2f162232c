// swift-tools-version:6.0
import PackageDescription

// Every target builds in Swift 6 language mode with complete concurrency checking.
let strict: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "channelops",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "channelops", targets: ["channelops"])
    ],
    targets: [
        // System libraries from Debian, one target each. Each names its pkg-config file and the
        // apt package that provides it, so a missing library fails with an install hint.
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Non-variadic wrappers for libcurl's variadic option and info calls, which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // The same for libgit2's variadic git_libgit2_opts.
        .target(name: "CGitShim", dependencies: ["CLibGit2"]),

        // The pure core: manifests, validation, rendering, policy documents, diff and plan. No I/O.
        .target(name: "ChannelCore", swiftSettings: strict),
        // Sole importer of libyaml: bytes in, located node tree out.
        .target(name: "YAMLDocument", dependencies: ["ChannelCore", "CYAML"], swiftSettings: strict),
        // Sole importer of OpenSSL: hashes, MACs and the primitives built on them.
        .target(name: "Digest", dependencies: ["COpenSSL"], swiftSettings: strict),
        // The age file format for X25519 recipients, built on Digest's primitives.
        .target(name: "AgeSeal", dependencies: ["Digest"], swiftSettings: strict),
        // AWS Signature Version 4; depends on Digest only.
        .target(name: "SigV4", dependencies: ["Digest"], swiftSettings: strict),
        // A small structured logger in the manner of swift-log.
        .target(name: "ChannelLog", swiftSettings: strict),
        // AWS client for IAM, STS and Secrets Manager over libcurl: credentials, endpoints, retries.
        .target(
            name: "IAMClient",
            dependencies: ["ChannelCore", "SigV4", "Digest", "CCurl", "CCurlShim", "ChannelLog"],
            swiftSettings: strict
        ),
        // Sole importer of libgit2: clone, fetch, read manifests, commit and push status.
        .target(name: "GitStore", dependencies: ["CLibGit2", "CGitShim"], swiftSettings: strict),
        // Connects the core to the adapters through protocols.
        .target(
            name: "Reconciler",
            dependencies: ["ChannelCore", "YAMLDocument", "IAMClient", "GitStore", "ChannelLog", "AgeSeal"],
            swiftSettings: strict
        ),
        // The executable: arguments, configuration, logging set-up and exit codes.
        .executableTarget(
            name: "channelops",
            dependencies: ["ChannelCore", "YAMLDocument", "Reconciler", "IAMClient", "ChannelLog"],
            swiftSettings: strict
        ),

        .testTarget(name: "ChannelCoreTests", dependencies: ["ChannelCore"], swiftSettings: strict),
        .testTarget(
            name: "YAMLDocumentTests",
            dependencies: ["YAMLDocument", "ChannelCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: strict),
        .testTarget(
            name: "AgeSealTests",
            dependencies: ["AgeSeal"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SigV4Tests",
            dependencies: ["SigV4"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IAMClientTests",
            dependencies: ["IAMClient", "ChannelLog"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "ChannelLogTests", dependencies: ["ChannelLog"], swiftSettings: strict),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"], swiftSettings: strict),
        .testTarget(name: "ReconcilerTests", dependencies: ["Reconciler", "AgeSeal"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["channelops", "IAMClient", "SigV4"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
