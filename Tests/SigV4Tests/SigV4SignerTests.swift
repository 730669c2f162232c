import Digest
import Foundation
import SigV4
import Testing

/// Expected signatures in this file were computed independently with botocore 1.44.8's
/// `SigV4Auth` for the same credentials, time and request.
@Suite("SigV4 signer")
struct SigV4SignerTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLETOKEN"
    /// 2026-12-03T18:00:00Z.
    static let date = Date(timeIntervalSince1970: 1_796_320_800)
    static let formBody = Array("Action=GetUser&Version=2010-05-08".utf8)
    static let formHeaders = [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")]

    static func signer(secret: String = secret, token: String? = nil, service: String = "iam") -> SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token),
            region: "us-east-1",
            service: service
        )
    }

    static func flattened(_ headers: [(name: String, value: String)]) -> [String] {
        headers.map { "\($0.name): \($0.value)" }
    }

    @Test("an IAM POST to the default HTTPS endpoint is signed as botocore signs it")
    func iamPost() throws {
        let url = try #require(URL(string: "https://iam.amazonaws.com/"))
        let added = try Self.signer().signingHeaders(
            method: "POST", url: url, headers: Self.formHeaders, payload: .bytes(Self.formBody), date: Self.date)
        #expect(
            Self.flattened(added) == [
                "Host: iam.amazonaws.com",
                "X-Amz-Date: 20261203T180000Z",
                "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/iam/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date, "
                    + "Signature=919b5bbd277fa38e1aed7818391aae16b0cb488b7ebf16a0f63413403ceeff56",
            ])
    }

    @Test("a non-default port goes into Host, and a session token is sent and signed")
    func portAndToken() throws {
        let url = try #require(URL(string: "http://127.0.0.1:5000/"))
        let added = try Self.signer(token: Self.token).signingHeaders(
            method: "POST", url: url, headers: Self.formHeaders, payload: .bytes(Self.formBody), date: Self.date)
        #expect(
            Self.flattened(added) == [
                "Host: 127.0.0.1:5000",
                "X-Amz-Date: 20261203T180000Z",
                "X-Amz-Security-Token: FQoGZXIvYXdzEXAMPLETOKEN",
                "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/iam/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                    + "Signature=db047002bb75eece99b2f2df997a82403cecae42eb9129ca459a3627d0802ece",
            ])
    }

    @Test("escapes in the path are encoded again, dot segments go and the query is sorted")
    func pathAndQuery() throws {
        let target = "/a%20b/./c?Version=2011-06-15&Action=GetCallerIdentity&x=a%2Fb"
        let url = try #require(URL(string: "https://sts.amazonaws.com:8443" + target))
        let signer = Self.signer(service: "sts")
        let canonical = try signer.canonicalRequest(
            method: "POST", target: target, headers: [(name: "Host", value: "sts.amazonaws.com:8443")],
            payload: .empty, date: Self.date)
        #expect(
            canonical == """
                POST
                /a%2520b/c
                Action=GetCallerIdentity&Version=2011-06-15&x=a%2Fb
                host:sts.amazonaws.com:8443
                x-amz-date:20261203T180000Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        let added = try signer.signingHeaders(method: "POST", url: url, headers: [], payload: .empty, date: Self.date)
        #expect(
            added.last?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/sts/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=08d1effe8e20e4d29d0600cfb5d7f553393e5adf5d565eb87cb04f04c86cdc11")
    }

    @Test(
        "Host is derived from the URL: default ports left out, IPv6 bracketed",
        arguments: [
            ("https://iam.amazonaws.com:443/", "iam.amazonaws.com"),
            ("http://localhost:80/", "localhost"),
            ("http://localhost:443/", "localhost:443"),
            ("https://localhost:4566/", "localhost:4566"),
            ("http://[::1]:5000/", "[::1]:5000"),
        ]
    )
    func hostFromURL(url: String, host: String) throws {
        let url = try #require(URL(string: url))
        let added = try Self.signer().signingHeaders(
            method: "GET", url: url, headers: [], payload: .empty, date: Self.date)
        #expect(added.first?.name == "Host")
        #expect(added.first?.value == host)
    }

    @Test("a Host header given by the caller is signed as given and not returned")
    func callerHost() throws {
        let url = try #require(URL(string: "http://127.0.0.1:5000/"))
        let signer = Self.signer()
        let added = try signer.signingHeaders(
            method: "GET", url: url, headers: [(name: "host", value: "iam.amazonaws.com")], payload: .empty,
            date: Self.date)
        let expected = try signer.signingHeaders(
            method: "GET", target: "/", headers: [(name: "Host", value: "iam.amazonaws.com")], payload: .empty,
            date: Self.date)
        #expect(added.map(\.name) == ["X-Amz-Date", "Authorization"])
        #expect(Self.flattened(added) == Self.flattened(expected))
    }

    @Test("a different secret gives a different signature for the same request")
    func secretChangesSignature() throws {
        let url = try #require(URL(string: "https://iam.amazonaws.com/"))
        func authorization(_ secret: String) throws -> String? {
            try Self.signer(secret: secret).signingHeaders(
                method: "POST", url: url, headers: Self.formHeaders, payload: .bytes(Self.formBody),
                date: Self.date
            ).last?.value
        }
        let original = try #require(try authorization(Self.secret))
        let changed = try #require(try authorization(Self.secret + "X"))
        #expect(original != changed)
        #expect(original.split(separator: "Signature=")[0] == changed.split(separator: "Signature=")[0])
    }

    @Test("a precomputed payload hash signs like the body it was computed from")
    func payloadHash() throws {
        let headers = [(name: "Host", value: "iam.amazonaws.com")]
        let signer = Self.signer()
        let fromBytes = try signer.signingHeaders(
            method: "POST", target: "/", headers: headers, payload: .bytes(Self.formBody), date: Self.date)
        let hash = Hex.encoded(try SHA256.hash(Self.formBody))
        let fromHash = try signer.signingHeaders(
            method: "POST", target: "/", headers: headers, payload: .hash(hash), date: Self.date)
        #expect(Self.flattened(fromBytes) == Self.flattened(fromHash))
    }

    @Test("User-Agent is not signed, and stale signing headers from the caller are replaced")
    func unsignedAndReplacedHeaders() throws {
        let signer = Self.signer()
        let plain = [(name: "Host", value: "iam.amazonaws.com")]
        let noisy =
            plain + [
                (name: "User-Agent", value: "channelops/1.0"),
                (name: "Authorization", value: "AWS4-HMAC-SHA256 stale"),
                (name: "X-Amz-Date", value: "19990101T000000Z"),
                (name: "X-Amz-Security-Token", value: "stale-token"),
            ]
        let expected = try signer.signingHeaders(
            method: "GET", target: "/", headers: plain, payload: .empty, date: Self.date)
        let actual = try signer.signingHeaders(
            method: "GET", target: "/", headers: noisy, payload: .empty, date: Self.date)
        #expect(Self.flattened(actual) == Self.flattened(expected))
    }

    @Test("repeated query keys are sorted by key, then by value")
    func repeatedQueryKeys() throws {
        let canonical = try Self.signer().canonicalRequest(
            method: "GET", target: "/?b=2&a=z&a=Z&a=y&c", headers: [(name: "Host", value: "h")],
            payload: .empty, date: Self.date)
        #expect(canonical.split(separator: "\n", omittingEmptySubsequences: false)[2] == "a=Z&a=y&a=z&b=2&c=")
    }

    @Test(
        "paths are normalized and encoded byte by byte",
        arguments: [
            ("", "/"),
            ("/example space/", "/example%20space/"),
            ("/a/b/..", "/a/"),
            ("/a/./b/.", "/a/b/"),
            ("/../..", "/"),
            ("//a//b", "/a/b"),
            ("/caf\u{E9}", "/caf%C3%A9"),
        ]
    )
    func pathNormalization(path: String, canonical: String) throws {
        let request = try Self.signer().canonicalRequest(
            method: "GET", target: path, headers: [(name: "Host", value: "h")], payload: .empty, date: Self.date)
        #expect(request.split(separator: "\n", omittingEmptySubsequences: false)[1] == canonical)
    }

    @Test("a signer reused across a date change derives the new day's key")
    func keyCacheFollowsDate() throws {
        let headers = [(name: "Host", value: "iam.amazonaws.com")]
        let nextDay = Self.date.addingTimeInterval(86_400)
        let reused = Self.signer()
        let first = try reused.signingHeaders(
            method: "GET", target: "/", headers: headers, payload: .empty, date: Self.date)
        let second = try reused.signingHeaders(
            method: "GET", target: "/", headers: headers, payload: .empty, date: nextDay)
        let fresh = try Self.signer().signingHeaders(
            method: "GET", target: "/", headers: headers, payload: .empty, date: nextDay)
        #expect(Self.flattened(second) == Self.flattened(fresh))
        #expect(first.last?.value != second.last?.value)
        #expect(second.last?.value.contains("/20261204/us-east-1/iam/aws4_request") == true)
    }

    @Test(
        "the X-Amz-Date value is the UTC time to the second",
        arguments: [
            (0.0, "19700101T000000Z"),
            (-1.0, "19691231T235959Z"),
            (951_868_799.0, "20000229T235959Z"),
            (1_440_938_160.999, "20150830T123600Z"),
            (4_107_542_400.0, "21000301T000000Z"),
        ]
    )
    func amzDate(seconds: Double, timestamp: String) throws {
        let added = try Self.signer().signingHeaders(
            method: "GET", target: "/", headers: [(name: "Host", value: "h")], payload: .empty,
            date: Date(timeIntervalSince1970: seconds))
        #expect(added.first?.value == timestamp)
    }
}
