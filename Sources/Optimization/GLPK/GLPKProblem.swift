internal import CGLPK
internal import CGLPKGuard
import Foundation

/// The one owner of a `glp_prob`: every C call on a problem goes through here, and every failure
/// becomes a ``ModelError`` in exactly one place, ``check(_:_:)``.
///
/// GLPK's problem objects belong to the thread that made them (Debian keeps its environment
/// thread-local), so a problem is created, used and deleted within one synchronous call.
final class GLPKProblem {
    private var pointer: OpaquePointer?
    /// The thread's environment generation at creation; a fatal error on the thread moves it on
    /// and frees every problem of the thread, this one included.
    private let generation: UInt
    private let thread: pthread_t

    init() throws(ModelError) {
        generation = rtg_generation()
        thread = pthread_self()
        var created: OpaquePointer?
        try Self.check(rtg_create_prob(&created), "glp_create_prob")
        pointer = created
    }

    deinit {
        // A problem freed by a fatal error, or owned by another thread, must not be touched.
        guard let pointer, rtg_generation() == generation, pthread_equal(thread, pthread_self()) != 0 else { return }
        _ = rtg_delete_prob(pointer)
    }

    /// The live pointer, or an error if a fatal error on this thread has freed it.
    private func live() throws(ModelError) -> OpaquePointer {
        guard let pointer, rtg_generation() == generation, pthread_equal(thread, pthread_self()) != 0 else {
            pointer = nil
            throw ModelError(.staleProblem, "the GLPK problem was freed by a fatal error, or is used from another thread")
        }
        return pointer
    }

    /// Turns a guarded call's result into a thrown error, naming the call and GLPK's own message.
    static func check(_ result: Int32, _ call: String) throws(ModelError) {
        guard result != RTG_OK else { return }
        if result == RTG_MISUSE {
            throw ModelError(.solverFailure, "\(call) was refused: the problem's size is not what the caller expected")
        }
        if result == RTG_PRECONDITION {
            throw ModelError(
                .sensitivityUnavailable,
                "\(call) was refused: it needs an optimal basic solution with a valid factorization "
                    + "(and a non-basic variable for bound ranging, a basic one for cost ranging)")
        }
        let message = String(cString: rtg_fatal_message()).trimmingCharacters(in: .whitespacesAndNewlines)
        throw ModelError(.fatalSolverError, "GLPK failed in \(call): \(message.isEmpty ? "no message" : message)")
    }

    /// Runs one guarded C call on the live problem; a fatal error forgets the pointer.
    func call(_ name: String, _ body: (OpaquePointer) -> Int32) throws(ModelError) {
        let problem = try live()
        let result = body(problem)
        if result == RTG_FATAL { pointer = nil }
        try Self.check(result, name)
    }

    // MARK: Loading

    /// Loads a validated model. Names must already be safe for GLPK.
    func load(_ model: Model, rowNames: [String], columnNames: [String]) throws(ModelError) {
        let rows = model.constraints.count
        let columns = model.variables.count
        var rowTypes = [Int32](repeating: 0, count: rows + 1)
        var rowLower = [Double](repeating: 0, count: rows + 1)
        var rowUpper = [Double](repeating: 0, count: rows + 1)
        for (i, row) in model.constraints.enumerated() {
            (rowTypes[i + 1], rowLower[i + 1], rowUpper[i + 1]) =
                Self.boundType(row.relation.lowerBound, row.relation.upperBound)
        }
        var columnTypes = [Int32](repeating: 0, count: columns + 1)
        var columnLower = [Double](repeating: 0, count: columns + 1)
        var columnUpper = [Double](repeating: 0, count: columns + 1)
        var columnKinds = [Int32](repeating: 0, count: columns + 1)
        for (j, variable) in model.variables.enumerated() {
            (columnTypes[j + 1], columnLower[j + 1], columnUpper[j + 1]) =
                Self.boundType(variable.lowerBound, variable.upperBound)
            columnKinds[j + 1] = variable.kind.glpk
        }
        var objective = [Double](repeating: 0, count: columns + 1)
        objective[0] = model.objective.constant
        for (variable, coefficient) in model.objective.terms { objective[variable.index + 1] = coefficient }
        var ia: [Int32] = [0]
        var ja: [Int32] = [0]
        var ar: [Double] = [0]
        for (i, row) in model.constraints.enumerated() {
            for (variable, coefficient) in row.relation.expression.terms {
                ia.append(Int32(i + 1))
                ja.append(Int32(variable.index + 1))
                ar.append(coefficient)
            }
        }
        let arena = CArena()
        var data = rtg_model()
        data.name = arena.string(model.name)
        data.maximize = model.sense == .maximize ? 1 : 0
        data.rows = Int32(rows)
        data.cols = Int32(columns)
        data.row_names = arena.strings(rowNames)
        data.row_types = arena.copy(rowTypes)
        data.row_lower = arena.copy(rowLower)
        data.row_upper = arena.copy(rowUpper)
        data.col_names = arena.strings(columnNames)
        data.col_types = arena.copy(columnTypes)
        data.col_lower = arena.copy(columnLower)
        data.col_upper = arena.copy(columnUpper)
        data.col_kinds = arena.copy(columnKinds)
        data.objective = arena.copy(objective)
        data.nonzeros = Int32(ia.count - 1)
        data.ia = arena.copy(ia)
        data.ja = arena.copy(ja)
        data.ar = arena.copy(ar)
        try call("load") { rtg_load($0, &data) }
        withExtendedLifetime(arena) {}
    }

    /// GLPK's bound type for a pair of optional bounds. Equal bounds must be `GLP_FX`: `GLP_DB`
    /// with equal bounds makes the simplex fail later with `GLP_EBOUND`.
    static func boundType(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): (Int32(GLP_FR), 0, 0)
        case (let lower?, nil): (Int32(GLP_LO), lower, 0)
        case (nil, let upper?): (Int32(GLP_UP), 0, upper)
        case (let lower?, let upper?) where lower == upper: (Int32(GLP_FX), lower, upper)
        case (let lower?, let upper?): (Int32(GLP_DB), lower, upper)
        }
    }

    // MARK: Changing

    /// Changes a row's bounds (1-based index, as GLPK counts).
    func setRowBounds(_ row: Int, lower: Double?, upper: Double?) throws(ModelError) {
        let (type, low, high) = Self.boundType(lower, upper)
        try call("glp_set_row_bnds") { rtg_set_row_bnds($0, Int32(row), type, low, high) }
    }

    /// Changes a column's bounds (1-based index, as GLPK counts).
    func setColumnBounds(_ column: Int, lower: Double?, upper: Double?) throws(ModelError) {
        let (type, low, high) = Self.boundType(lower, upper)
        try call("glp_set_col_bnds") { rtg_set_col_bnds($0, Int32(column), type, low, high) }
    }

    /// Appends a row with the given name, bounds and coefficients, scaled on its own if
    /// `scalingAlone` (else it keeps factor 1 until the problem is scaled); returns its 1-based index.
    @discardableResult
    func addRow(name: String, _ relation: LinearRelation, scalingAlone: Bool = false) throws(ModelError) -> Int {
        let (type, low, high) = Self.boundType(relation.lowerBound, relation.upperBound)
        let terms = relation.expression.terms
        let indices: [Int32] = [0] + terms.map { Int32($0.variable.index + 1) }
        let values: [Double] = [0] + terms.map(\.coefficient)
        var index: Int32 = 0
        try call("glp_add_rows / glp_set_mat_row") { problem in
            rtg_add_row(problem, name, type, low, high, Int32(terms.count), indices, values, scalingAlone ? 1 : 0, &index)
        }
        return Int(index)
    }

    /// Sets the direction and every coefficient of the objective.
    func setObjective(_ sense: Model.Sense, _ expression: LinearExpression, columns: Int) throws(ModelError) {
        var coefficients = [Double](repeating: 0, count: columns + 1)
        coefficients[0] = expression.constant
        for (variable, coefficient) in expression.terms { coefficients[variable.index + 1] = coefficient }
        try call("glp_set_obj_coef") { rtg_set_objective($0, sense == .maximize ? 1 : 0, Int32(columns), coefficients) }
    }

    /// Makes every row basic and every column non-basic at a bound (GLPK's standard basis).
    func useStandardBasis() throws(ModelError) {
        try call("glp_std_basis") { rtg_std_basis($0) }
    }

    /// Changes a column's kind; a binary column gets bounds 0 and 1 from GLPK.
    func setColumnKind(_ column: Int, _ kind: VariableKind) throws(ModelError) {
        try call("glp_set_col_kind") { rtg_set_col_kind($0, Int32(column), kind.glpk) }
    }

    // MARK: Solving

    /// Scales the problem as glpsol does before it solves (see `rtg_scale`).
    func scale() throws(ModelError) {
        try call("glp_scale_prob") { rtg_scale($0) }
    }

    /// Runs the simplex method; returns GLPK's return code.
    func simplex(_ parameters: rtg_params) throws(ModelError) -> Int32 {
        var parameters = parameters
        var code: Int32 = 0
        try call("glp_simplex") { rtg_simplex($0, &parameters, &code) }
        return code
    }

    /// Runs branch and bound; returns GLPK's return code and the best bound the search proved.
    func branchAndBound(
        _ parameters: rtg_params, start: [Double]?, cancellation: SolveCancellation?
    ) throws(ModelError) -> (code: Int32, bestBound: Double?, nodes: Int?) {
        var parameters = parameters
        var code: Int32 = 0
        var search = rtg_search()
        rtg_search_init(&search)
        let startValues = start.map { [0] + $0 }
        let flag = cancellation.map { UnsafePointer($0.flag) }
        try call("glp_intopt") { problem in
            search.cancel = flag
            return withOptionalPointer(startValues) { startPointer in
                search.start = startPointer
                return rtg_intopt(problem, &parameters, &search, &code)
            }
        }
        withExtendedLifetime(cancellation) {}
        return (code, search.has_bound != 0 ? search.best_bound : nil, search.nodes > 0 ? Int(search.nodes) : nil)
    }

    /// The basic solution: status, objective, row values and duals, column values and reduced costs.
    func basicSolution(rows: Int, columns: Int) throws(ModelError) -> BasicSolution {
        var solution = BasicSolution(rows: rows, columns: columns)
        try call("read basic solution") { problem in
            rtg_read_lp(
                problem, Int32(rows), Int32(columns), &solution.status, &solution.objective, &solution.rowValues, &solution.rowDuals,
                &solution.columnValues, &solution.columnDuals)
        }
        return solution
    }

    /// The integer solution: status, objective, row and column values.
    func integerSolution(rows: Int, columns: Int) throws(ModelError) -> BasicSolution {
        var solution = BasicSolution(rows: rows, columns: columns)
        try call("read MIP solution") { problem in
            rtg_read_mip(problem, Int32(rows), Int32(columns), &solution.status, &solution.objective, &solution.rowValues, &solution.columnValues)
        }
        return solution
    }

    // MARK: Files

    /// Writes the problem in CPLEX LP or free MPS format and returns the file's text.
    func write(_ format: ExportFormat) throws(ModelError) -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("renewaltrade-\(UUID().uuidString).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var code: Int32 = 0
        try call("write \(format.rawValue)") { problem in
            switch format {
            case .lp: rtg_write_lp(problem, path, &code)
            case .mps: rtg_write_mps(problem, path, &code)
            }
        }
        guard code == 0, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ModelError(.fileError, "GLPK could not write the \(format.rawValue) file")
        }
        return text
    }
}

extension VariableKind {
    var glpk: Int32 {
        switch self {
        case .continuous: Int32(GLP_CV)
        case .integer: Int32(GLP_IV)
        case .binary: Int32(GLP_BV)
        }
    }
}

@available(*, unavailable, message: "a GLPK problem belongs to the thread that created it")
extension GLPKProblem: Sendable {}

/// Arrays in GLPK's 1-based layout, as the guarded readers fill them.
struct BasicSolution {
    var status: Int32 = 0
    var objective: Double = 0
    var rowValues: [Double]
    var rowDuals: [Double]
    var columnValues: [Double]
    var columnDuals: [Double]

    init(rows: Int, columns: Int) {
        rowValues = Array(repeating: 0, count: rows + 1)
        rowDuals = Array(repeating: 0, count: rows + 1)
        columnValues = Array(repeating: 0, count: columns + 1)
        columnDuals = Array(repeating: 0, count: columns + 1)
    }
}

/// Owns C copies of arrays and strings for the length of one call into GLPK.
private final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit { allocations.forEach { free($0) } }

    func copy<T>(_ array: [T]) -> UnsafePointer<T> {
        // malloc, not allocate(capacity:), so that deinit can free everything the same way.
        let raw = malloc(MemoryLayout<T>.stride * max(array.count, 1))!
        let memory = raw.bindMemory(to: T.self, capacity: max(array.count, 1))
        memory.initialize(from: array, count: array.count)
        allocations.append(raw)
        return UnsafePointer(memory)
    }

    func string(_ text: String) -> UnsafePointer<CChar> {
        let copy = strdup(text)!
        allocations.append(UnsafeMutableRawPointer(copy))
        return UnsafePointer(copy)
    }

    /// A 1-based array of C strings: element 0 is unused, as GLPK expects.
    func strings(_ texts: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        copy([nil] + texts.map { Optional(string($0)) })
    }
}

private func withOptionalPointer(_ values: [Double]?, _ body: (UnsafePointer<Double>?) -> Int32) -> Int32 {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}
