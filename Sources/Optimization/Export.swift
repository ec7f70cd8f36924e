/// File formats a model can be written in.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// CPLEX LP format.
    case lp
    /// Free MPS format. MPS does not record the objective's sense: a maximization reads back as a
    /// minimization, so the file starts with a comment saying which it is.
    case mps
}

extension Model {
    /// The model as text in the given format, written by GLPK. The same model always gives the same
    /// bytes: names, row order and column order follow the model.
    ///
    /// CPLEX LP allows only letters, digits and ``lpNameCharacters`` in names, so for LP every other
    /// character becomes `_` (`cond:funding-x:0` becomes `cond.funding_x.0`); a name that would then
    /// clash gets a `~N` suffix. MPS keeps the model's names.
    public func export(_ format: ExportFormat) throws(ModelError) -> String {
        try validate()
        let model = integralized
        let problem = try GLPKProblem()
        switch format {
        case .lp:
            try problem.load(
                model, rowNames: Self.lpSafe(model.rowNames), columnNames: Self.lpSafe(model.columnNames))
            return try problem.write(.lp)
        case .mps:
            try problem.load(model, rowNames: model.rowNames, columnNames: model.columnNames)
            let sense = sense == .maximize ? "MAXIMIZE" : "MINIMIZE"
            return "* Objective sense: \(sense) (MPS does not record it)\n" + (try problem.write(.mps))
        }
    }

    /// Characters besides letters and digits that GLPK's LP writer accepts in a name.
    public static let lpNameCharacters = Set("!\"#$%&()/,.;?@_`'{}|~")

    /// Names made valid for CPLEX LP, keeping them distinct.
    static func lpSafe(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.map { name in
            var safe = String(
                name.map { character -> Character in
                    if character == ":" { return "." }
                    if character.isASCII && (character.isLetter || character.isNumber) { return character }
                    return lpNameCharacters.contains(character) ? character : "_"
                })
            if let first = safe.first, first.isNumber || first == "." { safe = "_" + safe }
            var candidate = safe
            var suffix = 1
            while !used.insert(candidate).inserted {
                suffix += 1
                candidate = "\(safe)~\(suffix)"
            }
            return candidate
        }
    }
}
