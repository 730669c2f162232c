/// Small helpers for IAM ARNs such as `arn:aws:iam::123456789012:policy/channelops/name`.
package enum IAMARN {
    /// The part after the last `/` (the resource name), or the whole ARN when it has no `/`.
    package static func lastComponent(of arn: String) -> String {
        guard let slash = arn.lastIndex(of: "/") else {
            return arn
        }
        return String(arn[arn.index(after: slash)...])
    }
}
