import Foundation
import IAMClient
import SigV4
import Testing

@Suite("signatures checked by the emulator, and HTTPS through the TLS front", .serialized)
struct EmulatorSecurityTests {
    @Test(
        "with correct credentials every resource kind can be created, read, updated and deleted",
        .enabled(if: Emulator.isAuthAvailable, Emulator.unavailableReason))
    func signedCRUD() async throws {
        let credentials = try #require(Emulator.authCredentials)
        let iam = try Emulator.iam(Emulator.authMotoURL, credentials: credentials)
        try await EmulatorCRUDTests.users(iam)
        try await EmulatorCRUDTests.policies(iam)
        try await EmulatorCRUDTests.userRelations(iam)
        try await EmulatorCRUDTests.accessKeys(iam)
    }

    @Test(
        "a wrong secret fails with SignatureDoesNotMatch and creates nothing",
        .enabled(if: Emulator.isAuthAvailable, Emulator.unavailableReason))
    func wrongSecret() async throws {
        let good = try #require(Emulator.authCredentials)
        let bad = AWSCredentials(accessKeyID: good.accessKeyID, secretAccessKey: "not-the-secret-\(good.accessKeyID)")
        let name = Emulator.uniqueName("user")

        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await Emulator.iam(Emulator.authMotoURL, credentials: bad).createUser(name: name)
            })
        #expect(error.serviceCode == .signatureDoesNotMatch)
        #expect(error.attempts == 1)
        #expect(
            error.description.hasPrefix(
                "CreateUser user=\(name): SignatureDoesNotMatch: The request signature we calculated does not match "
                    + "the signature you provided."))
        #expect(!error.description.contains(bad.secretAccessKey))

        // Nothing was created: the good key finds no such user.
        let lookup = await #expect(throws: IAMError.self) {
            try await Emulator.iam(Emulator.authMotoURL, credentials: good).getUser(name: name)
        }
        #expect(lookup?.serviceCode == .noSuchEntity)
    }

    @Test(
        "an unknown access key fails with InvalidClientTokenId",
        .enabled(if: Emulator.isAuthAvailable, Emulator.unavailableReason))
    func unknownKey() async throws {
        let name = Emulator.uniqueName("user")
        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await Emulator.iam(Emulator.authMotoURL, credentials: TestCredentials.example).createUser(
                    name: name)
            })
        let requestID = error.serviceError?.requestID ?? "none"
        #expect(
            error.description
                == "CreateUser user=\(name): InvalidClientTokenId: The security token included in the request is "
                + "invalid. (HTTP 403, request id \(requestID))")
    }

    @Test(
        "HTTPS with the CA bundle works",
        .enabled(if: Emulator.isTLSAvailable, Emulator.unavailableReason))
    func tlsWithBundle() async throws {
        let iam = try Emulator.iam(Emulator.tlsURL, options: CurlTransport.Options(caBundlePath: Emulator.caBundle))
        try await EmulatorCRUDTests.users(iam)
        try await EmulatorCRUDTests.policies(iam)
    }

    @Test(
        "HTTPS without the CA bundle is refused with a clear TLS error, not retried",
        .enabled(if: Emulator.isTLSAvailable, Emulator.unavailableReason))
    func tlsWithoutBundle() async throws {
        let url = try #require(Emulator.tlsURL)
        let iam = try Emulator.iam(url)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "alice") })
        guard case .transport(let failure) = error.reason else {
            Issue.record("expected a transport error, got \(error)")
            return
        }
        #expect(failure.kind == .tls)
        #expect(error.attempts == 1)
        let endpoint = "127.0.0.1:\(url.port ?? 0)"
        #expect(
            error.description
                == "GetUser user=alice: no response from \(endpoint): TLS failed: SSL peer certificate or SSH remote "
                + "key was not OK (curl 60): SSL certificate problem: unable to get local issuer certificate; "
                + "certificate checks are never turned off: if the endpoint uses a private CA, give its "
                + "certificate in AWS_CA_BUNDLE or ca_bundle")
    }

    @Test("a CA bundle path that does not exist is refused when the transport is made")
    func missingBundle() throws {
        let error = try #require(
            #expect(throws: TransportError.self) {
                try CurlTransport(options: CurlTransport.Options(caBundlePath: "/nonexistent/ca.pem"))
            })
        #expect(
            error.description
                == "CA bundle: the CA bundle file /nonexistent/ca.pem (AWS_CA_BUNDLE or ca_bundle) does not exist "
                + "or is not readable")
    }
}
