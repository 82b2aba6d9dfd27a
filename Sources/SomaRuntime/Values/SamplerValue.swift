import NN
import Script

/// A `WeightedRandomSampler` as a value of the language, for `DataLoader(..., sampler:)`.
final class SamplerValue: TabledObject {
    let sampler: WeightedRandomSampler
    init(_ sampler: WeightedRandomSampler) { self.sampler = sampler }

    var typeName: String { "WeightedRandomSampler" }
    var text: String {
        "WeightedRandomSampler(\(sampler.weights.count) weights, numSamples: \(sampler.numSamples), replacement: \(sampler.replacement))"
    }

    static let members = MemberTable<SamplerValue>([
        .property("numSamples", "samples each pass draws.") { s in .number(Double(s.sampler.numSamples)) },
        .property("replacement", "whether a sample can be drawn more than once per pass.") { s in .bool(s.sampler.replacement) },
        .method("indices", [], "one pass's sample indices, drawn from the seeded generator.") { s, _, _ in
            .list(ListStorage(s.sampler.indices().map { .number(Double($0)) }))
        },
    ])
}
