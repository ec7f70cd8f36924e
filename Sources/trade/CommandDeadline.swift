import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--time-limit` as a deadline for the whole command, counted from the moment the process
/// started, not from the start of the search: dynamic loading, decoding and formulating come out
/// of the same budget as the search, and every phase after it gets only what is left.
enum CommandDeadline {
    /// The deadline `seconds` after the process started.
    static func after(seconds: Double) -> ContinuousClock.Instant {
        ContinuousClock.now + .seconds(seconds) - sinceProcessStart()
    }

    /// How long ago the kernel started this process; zero where that cannot be read.
    ///
    /// Linux: field 22 of /proc/self/stat is the start time in clock ticks (10 ms) since boot, on
    /// the same clock as /proc/uptime. Both have 10 ms steps, so the figure is within about
    /// 20 ms.
    static func sinceProcessStart() -> Duration {
        #if os(Linux)
            guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
                // The command name (field 2) is in parentheses and may hold spaces; count after it.
                let close = stat.lastIndex(of: ")")
            else { return .zero }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Fields after the name start at 3 (state), so field 22 is at index 19.
            guard fields.count > 19, let ticks = Double(fields[19]) else { return .zero }
            let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
            // Seconds since boot on the same clock, in hundredths.
            guard perSecond > 0, let text = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
                let uptime = text.split(separator: " ").first.flatMap({ Double($0) })
            else { return .zero }
            let elapsed = uptime - ticks / perSecond
            return elapsed > 0 && elapsed < 3600 ? .seconds(elapsed) : .zero
        #else
            return .zero
        #endif
    }
}
