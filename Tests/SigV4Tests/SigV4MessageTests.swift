import Digest
import Foundation
import SigV4
import Testing

@Suite("SigV4 messages and redaction")
struct SigV4MessageTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLETOKEN"

    static func everyRendering(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test("no description, debug description or dump of credentials or signer shows the secret or token")
    func redaction() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: Self.token)
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "iam")
        for rendering in Self.everyRendering(of: credentials) + Self.everyRendering(of: signer) {
            #expect(!rendering.contains(Self.secret))
            #expect(!rendering.contains(Self.token))
            #expect(rendering.contains("AKIDEXAMPLE"))
        }
        #expect(
            credentials.description
                == "AWSCredentials(accessKeyID: AKIDEXAMPLE, secretAccessKey: <redacted>, sessionToken: <redacted>)")
        #expect(signer.description == "SigV4Signer(accessKeyID: AKIDEXAMPLE, region: us-east-1, service: iam)")
    }

    @Test("signing without any host fails with a message saying what to give instead")
    func missingHost() throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret),
            region: "us-east-1", service: "iam")
        let relative = try #require(URL(string: "/?Action=GetUser"))
        let error = try #require(throws: SigV4Error.self) {
            try signer.signingHeaders(method: "POST", url: relative, headers: [], payload: .empty, date: Date())
        }
        #expect(error == .missingHost(method: "POST"))
        #expect(
            error.description
                == "cannot sign POST request: it has no Host header and its URL has no host; "
                + "use an absolute URL such as https://iam.amazonaws.com/")
        #expect(throws: SigV4Error.missingHost(method: "GET")) {
            try signer.signingHeaders(method: "GET", target: "/", headers: [], payload: .empty, date: Date())
        }
    }

    @Test("an OpenSSL failure while signing keeps OpenSSL's message")
    func digestFailure() {
        let error = SigV4Error.digest(
            DigestError(function: "EVP_MAC_init", code: 1, reason: "error:00000001:lib(0)::reason(1)"))
        #expect(
            error.description
                == "cannot sign request: OpenSSL EVP_MAC_init failed: error:00000001:lib(0)::reason(1); "
                + "check that libcrypto 3 and its default provider load (see OPENSSL_CONF and OPENSSL_MODULES)")
    }
}
