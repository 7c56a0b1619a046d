import Foundation

/// The user account running Sanad, for a custody entry whose actor was not given: its full
/// name when the system has one, else its login.
enum AccountName {
    static func current() -> String {
        guard let pw = getpwuid(getuid()) else { return "uid \(getuid())" }
        let login = String(cString: pw.pointee.pw_name)
        let gecos = pw.pointee.pw_gecos.map { String(cString: $0) } ?? ""
        let full = gecos.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return full.isEmpty || full == login ? login : "\(full) (\(login))"
    }
}
