import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SanadCrypto
import SanadModel

/// Asks an RFC 3161 time-stamp authority over HTTP (POST, application/timestamp-query).
/// This is Sanad's only network access, and it happens only when the user names an authority.
public struct TimestampClient {
    public var timeout: TimeInterval = 30

    public init() {}

    public struct Stamp: Sendable {
        public let response: [UInt8]
        public let chainPEM: [UInt8]
        public let time: String
    }

    public func stamp(_ data: [UInt8], authority: URL) throws(SanadError) -> Stamp {
        let query = try TimestampToken.request(over: data)
        var req = URLRequest(url: authority, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        req.setValue("application/timestamp-reply", forHTTPHeaderField: "Accept")
        req.httpBody = Data(query)
        let (body, status, failure) = Self.send(req)
        let host = authority.host ?? authority.absoluteString
        if let failure {
            throw SanadError(
                .ioError, "the time-stamp authority \(host) could not be reached: \(failure)",
                hint: "Check the URL and the network, or seal without --tsa and add a timestamp later.")
        }
        guard status == 200, let body, !body.isEmpty else {
            throw SanadError(
                .ioError, "the time-stamp authority \(host) answered HTTP \(status)", hint: "Check the --tsa URL.")
        }
        let response = [UInt8](body)
        let check = TimestampToken.check(response: response, data: data, trustAnchors: [])
        guard check.granted, check.imprintMatches, check.signatureValid, let time = check.time else {
            throw SanadError(
                .cryptoError,
                "the time-stamp authority \(host) returned an unusable token: \(check.problem ?? "unknown problem")",
                hint: "Try another authority; nothing was sealed.")
        }
        let chain = TimestampToken.certificates(in: response).flatMap(\.pem)
        return Stamp(
            response: response, chainPEM: chain, time: Timestamp.utc(time).replacingOccurrences(of: ".000Z", with: "Z"))
    }

    private static func send(_ request: URLRequest) -> (Data?, Int, String?) {
        let done = DispatchSemaphore(value: 0)
        var result: (Data?, Int, String?) = (nil, 0, nil)
        let task = URLSession(configuration: .ephemeral).dataTask(with: request) { data, response, error in
            result = (data, (response as? HTTPURLResponse)?.statusCode ?? 0, error?.localizedDescription)
            done.signal()
        }
        task.resume()
        done.wait()
        return result
    }
}
