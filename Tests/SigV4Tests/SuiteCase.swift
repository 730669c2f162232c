import Foundation
import SigV4

/// One case of the AWS SigV4 test suite: the parsed request and the expected outputs.
struct SuiteCase {
    /// The suite's fixed inputs, from botocore's driver for these files.
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    /// 2015-08-30T12:36:00Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    /// Cases botocore does not run, with the reason its driver gives.
    static let skipped: [String: String] = [
        "normalize-path/get-space":
            "botocore skips it: the request line has a literal space in the path, "
            + "which Python's HTTP parser rejects",
        "get-vanilla-query-order-key-case":
            "botocore skips it: the SDKs do not support repeated query keys",
        "get-vanilla-query-order-key":
            "botocore skips it: the SDKs do not support repeated query keys",
        "get-vanilla-query-order-value":
            "botocore skips it: the SDKs do not support repeated query keys",
    ]

    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String
    /// The token botocore signs with: the `x-amz-security-token` line of the expected
    /// canonical request, if it has one.
    var sessionToken: String?

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: Self.accessKeyID, secretAccessKey: Self.secretAccessKey, sessionToken: sessionToken),
            region: Self.region,
            service: Self.service
        )
    }

    /// The folder holding the suite inside the test bundle.
    static func suiteFolder() throws -> URL {
        guard
            let folder = Bundle.module.url(
                forResource: "aws-sigv4-suite", withExtension: nil, subdirectory: "Fixtures")
        else {
            throw SuiteError("Fixtures/aws-sigv4-suite is missing from the SigV4Tests bundle")
        }
        return folder
    }

    /// Every case in the suite folder: each folder holding `<folder name>.req`, as a path
    /// relative to the suite folder, sorted.
    static func names() throws -> [String] {
        let root = try suiteFolder().standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw SuiteError("cannot list \(root.path)")
        }
        var names: [String] = []
        for case let file as URL in walker where file.pathExtension == "req" {
            let folder = file.deletingLastPathComponent().standardizedFileURL
            guard file.deletingPathExtension().lastPathComponent == folder.lastPathComponent else {
                continue
            }
            names.append(String(folder.path.dropFirst(root.path.count + 1)))
        }
        return names.sorted()
    }

    /// Reads and parses the case `name` (a path relative to the suite folder).
    static func load(_ name: String) throws -> SuiteCase {
        let folder = try suiteFolder().appending(path: name)
        let base = folder.lastPathComponent
        func read(_ suffix: String) throws -> [UInt8] {
            Array(try Data(contentsOf: folder.appending(path: "\(base).\(suffix)")))
        }
        let canonicalRequest = String(decoding: try read("creq"), as: UTF8.self)
        let tokenPrefix = "x-amz-security-token:"
        let tokenLine = canonicalRequest.split(separator: "\n").first { $0.hasPrefix(tokenPrefix) }
        var suiteCase = try parseRequest(try read("req"), name: name)
        suiteCase.canonicalRequest = canonicalRequest
        suiteCase.stringToSign = String(decoding: try read("sts"), as: UTF8.self)
        suiteCase.authorization = String(decoding: try read("authz"), as: UTF8.self)
        suiteCase.sessionToken = tokenLine.map { String($0.dropFirst(tokenPrefix.count)) }
        return suiteCase
    }

    /// Parses a raw request: request line, headers (a line starting with a space or tab
    /// continues the previous header), then the body after the first blank line.
    private static func parseRequest(_ bytes: [UInt8], name: String) throws -> SuiteCase {
        let newline = UInt8(ascii: "\n")
        var headEnd = bytes.endIndex
        var body: [UInt8] = []
        if let blank = bytes.indices.dropLast().first(where: { bytes[$0] == newline && bytes[$0 + 1] == newline }) {
            headEnd = blank
            body = Array(bytes[(blank + 2)...])
        }
        var lines = String(decoding: bytes[..<headEnd], as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" {
            lines.removeLast()
        }
        guard let requestLine = lines.first, let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else {
            throw SuiteError("\(name).req: malformed request line")
        }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !headers.isEmpty else {
                    throw SuiteError("\(name).req: continuation line before any header")
                }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw SuiteError("\(name).req: header line without ':'")
            }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return SuiteCase(
            method: method, target: target, headers: headers, body: body,
            canonicalRequest: "", stringToSign: "", authorization: "", sessionToken: nil)
    }
}

/// A problem reading the suite itself, not a signing failure.
struct SuiteError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
