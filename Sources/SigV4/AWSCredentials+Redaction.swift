extension AWSCredentials: CustomReflectable {
    /// Shows the access key ID only, so `dump` and debuggers cannot reveal the secret or token.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
            ]
        )
    }
}
