// libFuzzer harness: the condition language (lexer, parser, type checker) in several
// scopes, and evaluation and explanation of what compiles, on a fixed input.
import Foundation
@testable import PolicyEval

/// An input whose event fields have the types the vocabulary gives them (as the engine's do),
/// each left out now and then.
struct FixedInput: EvaluationInput {
    let seed: Int
    let fields: [Value?]
    let type: EventTypeID?
    init(seed: Int, type: EventTypeID?, vocabulary: Vocabulary) {
        self.seed = seed
        self.type = type
        fields = type.map { t in
            vocabulary.events[t].fields.enumerated().map { i, f -> Value? in
                if (seed + i) % 4 == 0 { return nil }
                switch f.type {
                case .bool: return .bool((seed + i) % 2 == 0)
                case .int: return .int(seed % 7)
                case .string, .role: return .string("police")
                case .enumeration(let values): return values.isEmpty ? nil : .string(values[seed % values.count])
                case .time: return .time(try! Instant(rfc3339: "2026-03-14T22:10:00Z"))
                case .date: return .date(LocalDate("2026-03-20")!)
                case .roleList: return .roles(["police", "social_worker"])
                case .duration: return .duration(3600)
                }
            }
        } ?? []
    }
    func eventField(_ index: Int) -> Value? { index < fields.count ? fields[index] : nil }
    var eventType: EventTypeID? { type }
    func fact(_ index: Int) -> Bool? { seed % 3 == 1 ? nil : (index + seed) % 2 == 0 }
    var age: Int? { seed % 5 == 0 ? nil : 14 }
    var episodeDuration: Int64? { 30 * 3600 }
    var episodeOvernight: Bool? { true }
    var episodeRisk: String? { "medium" }
    func count(_ type: EventTypeID, window: Int64) -> Int { seed % 4 }
    func episodes(kind: String, window: Int64) -> Int { seed % 3 }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let f = Fixtures.shared
    let v = f.vocabulary
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let reported = v.event(named: "missing.reported")!.id
    let scopes = [
        ExpressionScope(eventTypes: [reported], episode: v.episode(kind: "missing")),
        ExpressionScope(eventTypes: nil, episode: nil),
        ExpressionScope(eventTypes: [v.event(named: "conference.scheduled")!.id, v.event(named: "hearing.listed")!.id], episode: nil),
    ]
    let length = text.unicodeScalars.count
    for scope in scopes {
        do {
            let c = try TypeChecker.compile(text, vocabulary: v, scope: scope)
            // Evaluated and explained on an input of the vocabulary's types.
            let input = FixedInput(seed: size, type: scope.eventTypes?.first, vocabulary: v)
            _ = c.explain(input, vocabulary: v)
            _ = c.evaluate(input)
        } catch {
            for e in error.all {
                require(e.offset >= 0 && e.offset <= length && e.length >= 0, "an error outside the condition: \(e.offset)+\(e.length) of \(length)")
                require(!e.message.isEmpty, "an error with no message")
            }
        }
    }
    return 0
}
