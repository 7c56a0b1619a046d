import Foundation

/// Turns errno into a typed error with a hint; ENOSPC and EDQUOT become `diskFull`.
public enum SystemError {
    public static func make(_ err: Int32, _ what: String) -> SanadError {
        let text = String(cString: strerror(err))
        switch err {
        case ENOSPC, EDQUOT:
            return SanadError(
                .diskFull, "\(what): \(text)",
                hint: "Free some space on the workspace's disk and run the command again; nothing was committed.")
        case EACCES, EPERM, EROFS:
            return SanadError(.ioError, "\(what): \(text)", hint: "Check the permissions of the workspace folder.")
        default:
            return SanadError(.ioError, "\(what): \(text)")
        }
    }
}
