import SigV4
import Testing

@Suite("AWS SigV4 test suite")
struct SigV4SuiteTests {
    @Test(
        "each suite case gives the expected canonical request, string to sign and Authorization",
        arguments: try SuiteCase.names()
    )
    func suiteCase(name: String) throws {
        if let reason = SuiteCase.skipped[name] {
            print("skipped SigV4 suite case \(name): \(reason)")
            try Test.cancel("\(name): \(reason)")
        }
        let suiteCase = try SuiteCase.load(name)
        let signer = suiteCase.signer

        let canonicalRequest = try signer.canonicalRequest(
            method: suiteCase.method, target: suiteCase.target, headers: suiteCase.headers,
            payload: .bytes(suiteCase.body), date: SuiteCase.date)
        #expect(canonicalRequest == suiteCase.canonicalRequest)
        let stringToSign = try signer.stringToSign(canonicalRequest: canonicalRequest, date: SuiteCase.date)
        #expect(stringToSign == suiteCase.stringToSign)

        let added = try signer.signingHeaders(
            method: suiteCase.method, target: suiteCase.target, headers: suiteCase.headers,
            payload: .bytes(suiteCase.body), date: SuiteCase.date)
        var expectedNames = ["X-Amz-Date", "Authorization"]
        if suiteCase.sessionToken != nil {
            expectedNames.insert("X-Amz-Security-Token", at: 1)
        }
        #expect(added.map(\.name) == expectedNames)
        #expect(added.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(added.first { $0.name == "Authorization" }?.value == suiteCase.authorization)
    }

    @Test("the folder walk finds every suite case, and every skipped case exists")
    func inventory() throws {
        let names = try SuiteCase.names()
        #expect(names.count >= 34)
        #expect(names.contains("get-vanilla"))
        #expect(names.contains("normalize-path/get-slash"))
        #expect(names.contains("post-sts-token/post-sts-header-after"))
        for skipped in SuiteCase.skipped.keys {
            #expect(names.contains(skipped), "skip list names \(skipped), which the suite lacks")
        }
    }
}
