import NN
import Script
import TensorEngine

/// Data sets, minibatches, preprocessing, saving and loading, model summaries and gradient checks.
extension Library {
    static func data() -> Library {
        var lib = Library()
        lib.add("DataLoader", ["x", .optional("y"), .defaulted("batchSize", 1), .defaulted("shuffle", false), .defaulted("dropLast", false),
                               .optional("sampler"), .optional("transform"), .defaulted("shuffleBuffer", engine: DataLoader.Defaults.shuffleBuffer),
                               .defaulted("shard", false)],
                "minibatches [xb, yb] of paired samples x and y, or of a data set given as x (NpyDataset, CSVStream); a for loop over it is one epoch (reshuffled from the seeded generator when shuffle is on, drawn by a WeightedRandomSampler given as sampler; a CSVStream shuffles through a buffer of shuffleBuffer samples); transform(xb) is applied to each batch's inputs; len(loader) is the number of batches. shard: true gives each process of a data-parallel job its own part of every pass (every dist.size()-th sample of one order all processes share, reshuffled each pass), so batch k of all processes together is batch k of one process with a batch dist.size() times larger.") { a, vm in
            let sampler = try a.given("sampler").map { value -> WeightedRandomSampler in
                guard case .object(let s as SamplerValue) = value else {
                    throw ScriptError("TypeError", "the sampler of DataLoader must be a WeightedRandomSampler, not a \(value.typeName)")
                }
                return s.sampler
            }
            let transform = try a.given("transform").map { function -> (Tensor) throws -> Tensor in
                guard case .function = function else {
                    throw ScriptError("TypeError", "the transform of DataLoader must be a function, not a \(function.typeName)")
                }
                return { [weak vm] x in
                    guard let vm else { return x }
                    return try Convert.tensor(try vm.call(function, Arguments([Convert.wrap(x)])), "what the transform of DataLoader returned")
                }
            }
            let batchSize = try a.integer("batchSize"), shuffle = try a.boolean("shuffle"), dropLast = try a.boolean("dropLast")
            let shard = try a.boolean("shard") ? try dataShard() : nil
            if let loader = try streamedLoader(a, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, sampler: sampler, transform: transform,
                                               shard: shard) {
                return .object(DataLoaderValue(loader))
            }
            guard let y = try a.given("y") else {
                throw ScriptError("TypeError", "DataLoader needs y, the targets, when x is a tensor (or a data set such as NpyDataset(...) as x)")
            }
            return .object(DataLoaderValue(try DataLoader(try a.tensor("x", as: "x of DataLoader"), try Convert.tensor(y, "y of DataLoader"),
                                                          batchSize: batchSize, shuffle: shuffle,
                                                          dropLast: dropLast, sampler: sampler, transform: transform, shard: shard)))
        }
        addSplits(&lib)
        addImages(&lib)
        addStream(&lib)
        lib.add("trainTestSplit", ["x", "y", .defaulted("testFraction", 0.25), .defaulted("shuffle", true)],
                "[xTrain, xTest, yTrain, yTest]; the test part holds ceil(testFraction × n) samples.") { a, _ in
            let parts = try trainTestSplit(try a.tensor("x"), try a.tensor("y"), testFraction: try a.number("testFraction"),
                                           shuffle: try a.boolean("shuffle"))
            return tensors([parts.xTrain, parts.xTest, parts.yTrain, parts.yTest])
        }
        lib.add("standardize", ["x", .optional("mean"), .optional("std")],
                "[(x - mean) / std, mean, std] with per-feature statistics over dimension 0; with mean: and std: given, applies them (to test data).") { a, _ in
            let x = try a.tensor("x")
            switch (try a.given("mean"), try a.given("std")) {
            case (nil, nil):
                let r = try standardize(x)
                return tensors([r.x, r.mean, r.std])
            case (let m?, let s?):
                return Convert.wrap(try standardize(x, mean: try Convert.tensor(m, "mean"), std: try Convert.tensor(s, "std")))
            default:
                throw ScriptError("TypeError", "standardize needs both mean: and std:, or neither")
            }
        }
        lib.add("oneHot", ["labels", .optional("classes", shown: "max + 1")],
                "rows with a 1 at each label: shape labels.shape + [classes].") { a, _ in
            Convert.wrap(try oneHot(try a.tensor("labels"), classes: try a.given("classes")?.integer("classes")))
        }
        addDatasets(to: &lib)
        addFiles(to: &lib)
        lib.add("summary", ["model", "input", .defaulted("costs", false)],
                "a table of every layer called in one forward pass on zeros of the input shape (batch included): output shapes, parameters, the MACs the engine ran, and the activation memory kept for backward; recurrent layers show their cost per step and attention its scores. costs: true adds each layer's bytes read and written, the three hot spots and the KV cache per token.") { a, vm in
            let model = try Convert.moduleArgument(try a.value("model"), "the model of summary", vm)
            var result = try summary(model, input: try a.shape("input", as: "the input shape of summary"))
            result.showsCosts = try a.boolean("costs")
            return .object(SummaryValue(result))
        }
        for (name, check, doc) in [
            ("gradcheck", gradcheck as GradientCheck,
             "compares the gradients backward() gives for fn(inputs...) in float64 with central finite differences; true, or a ValueError naming the worst element."),
            ("gradgradcheck", gradgradcheck as GradientCheck,
             "compares second derivatives (a backward pass through gradients taken with createGraph) in float64 with central finite differences of first-order gradients; true, or a ValueError naming the worst element."),
        ] {
            lib.add(name, ["fn", "inputs", .defaulted("eps", 1e-6), .defaulted("atol", 1e-5), .defaulted("rtol", 1e-3)], doc) { a, vm in
                let f = try a.value("fn"), given = try a.value("inputs")
                guard case .function = f else { throw ScriptError("TypeError", "the fn of \(name) must be a function, not a \(f.typeName)") }
                let inputs = try tensorOrList(given, "the inputs of \(name)")
                let result = try check({ args in
                    try Convert.tensor(try vm.call(f, Arguments(args.map(Convert.wrap))), "the result of \(name)'s fn")
                }, inputs, try a.number("eps"), try a.number("atol"), try a.number("rtol"), .float64)
                return .bool(result)
            }
        }
        return lib
    }

    /// `gradcheck` or `gradgradcheck`: fn, inputs, eps, atol, rtol, dtype.
    typealias GradientCheck = (([Tensor]) throws -> Tensor, [Tensor], Double, Double, Double, DType) throws -> Bool

    /// A list of tensors as a value.
    static func tensors(_ ts: [Tensor]) -> Value { .list(ListStorage(ts.map(Convert.wrap))) }

    static func pair(_ p: (x: Tensor, y: Tensor)) -> Value { tensors([p.x, p.y]) }

    /// Splitting, subsetting, joining and weighted sampling of data sets: a data set is a tensor or a
    /// list of tensors sharing their first dimension ([x, y]), and each result has the same form.
    static func addSplits(_ lib: inout Library) {
        lib.add("randomSplit", ["data", "lengths"],
                "random disjoint parts of a data set (a tensor or a list such as [x, y]), one per length: sample counts adding up to the size, or fractions adding up to 1.") { a, _ in
            let (tensors, single) = try dataset(try a.value("data"), "the data of randomSplit")
            let parts = try DataSplits.randomSplit(tensors, try numbers(try a.value("lengths"), "the lengths of randomSplit"))
            return .list(ListStorage(parts.map { datasetValue($0, single) }))
        }
        lib.add("Subset", ["data", "indices"], "the samples at indices of a data set (a tensor or a list such as [x, y]).") { a, _ in
            let (tensors, single) = try dataset(try a.value("data"), "the data of Subset")
            let indices = try numbers(try a.value("indices"), "the indices of Subset").map { value -> Int in
                guard value == value.rounded(), Swift.abs(value) < 1e15 else {
                    throw ScriptError("TypeError", "the indices of Subset must be whole numbers (got \(Value.formatNumber(value)))")
                }
                return Int(value)
            }
            return datasetValue(try DataSplits.subset(tensors, indices), single)
        }
        lib.add("ConcatDataset", ["datasets"], "the data sets (tensors, or lists such as [x, y]) one after the other.") { a, _ in
            let given = try a.value("datasets").sequence("the datasets of ConcatDataset")
            let parts = try given.enumerated().map { try dataset($0.element, "data set \($0.offset) of ConcatDataset") }
            return datasetValue(try DataSplits.concatenate(parts.map(\.tensors)), parts.first?.single ?? false)
        }
        lib.add("WeightedRandomSampler", ["weights", "numSamples", .defaulted("replacement", true)],
                "draws numSamples sample indices per pass with probabilities proportional to weights (one per sample), for DataLoader(..., sampler:).") { a, _ in
            .object(SamplerValue(try WeightedRandomSampler(weights: try numbers(try a.value("weights"), "the weights of WeightedRandomSampler"),
                                                           numSamples: try a.integer("numSamples"), replacement: try a.boolean("replacement"))))
        }
    }

    /// A data set's tensors, and whether it was one tensor rather than a list.
    static func dataset(_ v: Value, _ what: String) throws -> (tensors: [Tensor], single: Bool) {
        isTensor(v) ? ([try Convert.tensor(v, what)], true) : (try tensorList(v, what), false)
    }

    static func datasetValue(_ tensors: [Tensor], _ single: Bool) -> Value {
        single ? Convert.wrap(tensors[0]) : Library.tensors(tensors)
    }

    /// The built-in data sets, each returning [x, y].
    static func addDatasets(to lib: inout Library) {
        lib.add("moons", ["n", .defaulted("noise", 0), .defaulted("shuffle", true)],
                "[x, y]: two interleaving half circles, labels 0 and 1.") { a, _ in
            pair(try Datasets.moons(try a.integer("n"), noise: try a.float("noise"), shuffle: try a.boolean("shuffle")))
        }
        lib.add("circles", ["n", .defaulted("noise", 0), .defaulted("factor", 0.8), .defaulted("shuffle", true)],
                "[x, y]: an outer circle (label 0) around an inner one of radius factor (label 1).") { a, _ in
            pair(try Datasets.circles(try a.integer("n"), noise: try a.float("noise"), factor: try a.float("factor"),
                                      shuffle: try a.boolean("shuffle")))
        }
        lib.add("spirals", ["n", .defaulted("classes", 2), .defaulted("noise", 0), .defaulted("shuffle", true)],
                "[x, y]: interleaved spiral arms, one class each.") { a, _ in
            pair(try Datasets.spirals(try a.integer("n"), classes: try a.integer("classes"), noise: try a.float("noise"),
                                      shuffle: try a.boolean("shuffle")))
        }
        lib.add("xor", [.defaulted("n", 4), .defaulted("noise", 0)],
                "[x, y]: the corners of the unit square in truth-table order, repeated, with label a XOR b.") { a, _ in
            pair(try Datasets.xor(try a.integer("n"), noise: try a.float("noise")))
        }
        lib.add("sineSequences", ["n", .defaulted("length", 20)],
                "[x, y] of shape [n, length, 1]: sine waves of random phase and frequency, y one step ahead of x.") { a, _ in
            pair(try Datasets.sineSequences(try a.integer("n"), length: try a.integer("length")))
        }
        lib.add("blobs", ["n", .defaulted("centers", 3), .defaulted("std", 1), .optional("features", shown: "2"), .defaulted("shuffle", true)],
                "[x, y]: Gaussian clusters around random centers in [-10, 10) (or around the rows of a centers tensor).") { a, _ in
            let n = try a.integer("n"), std = try a.float("std"), shuffle = try a.boolean("shuffle")
            let centers = try a.value("centers")
            if !isNumber(centers) {
                guard try a["features"] == nil else { throw ScriptError("TypeError", "blobs takes features: only with a number of centers") }
                return pair(try Datasets.blobs(n, centers: try Convert.tensor(centers, "centers"), std: std, shuffle: shuffle))
            }
            return pair(try Datasets.blobs(n, centers: try centers.integer("centers"), features: try a["features"]?.integer("features") ?? 2,
                                           std: std, shuffle: shuffle))
        }
        lib.add("digits", [],
                "[x, y]: the 1797 8×8 handwritten digits, x [1797, 64] with pixels 0…16, y the digits 0…9 (from data/digits.csv.gz; SOMA_DATA_DIR names another folder).") { _, _ in
            pair(try Datasets.digits())
        }
    }

    static func isNumber(_ v: Value) -> Bool {
        if case .number = v { return true }
        return false
    }

    /// Saving and loading tensors and models.
    static func addFiles(to lib: inout Library) {
        lib.add("saveState", ["model", "path"],
                "writes the model's parameters and buffers to a safetensors file (PyTorch's state_dict names).") { a, vm in
            try NN.saveState(try Convert.moduleArgument(try a.value("model"), "the model of saveState", vm), try Convert.path(try a.value("path"), "saveState"))
            return .null
        }
        lib.add("loadState", ["model", "path", .defaulted("strict", true)],
                "copies the tensors of a safetensors file into the model; every missing, unexpected or misshapen name is reported.") { a, vm in
            try NN.loadState(try Convert.moduleArgument(try a.value("model"), "the model of loadState", vm), try Convert.path(try a.value("path"), "loadState"),
                             strict: try a.boolean("strict"))
            return .null
        }
        lib.add("save", ["x", "path"], "writes a tensor as a NumPy .npy file, or a dictionary of tensors as a safetensors file.") { a, _ in
            let x = try a.value("x"), path = try Convert.path(try a.value("path"), "save")
            if case .dictionary(let d) = x {
                let named = try zip(d.keys, d.values).map { key, value -> (String, Tensor) in
                    let name = try key.string("a key of the dictionary to save")
                    return (name, try Convert.tensor(value, "the value of '\(name)'"))
                }
                try SafeTensors.save(named, to: path)
                return .null
            }
            guard !path.hasSuffix(".safetensors") else {
                throw ScriptError("ValueError", "save: a single tensor is written as .npy; pass a dictionary of tensors to write safetensors")
            }
            try NPY.save(try Convert.tensor(x, "the value to save"), to: path)
            return .null
        }
        lib.add("load", ["path"], "reads a .npy file as a tensor, or a safetensors file as a dictionary of tensors.") { a, _ in
            let path = try Convert.path(try a.value("path"), "load")
            let bytes = try FileIO.read(path)
            if bytes.starts(with: [0x93] + Array("NUMPY".utf8)) {
                do { return Convert.wrap(try NPY.decode(bytes)) } catch let e as TensorError {
                    throw ScriptError(e.kind.rawValue, "load: '\(path)': " + e.message)
                }
            }
            do {
                let d = DictionaryStorage()
                for (name, t) in try SafeTensors.decode(bytes).tensors { try d.set(.string(name), Convert.wrap(t)) }
                return .dictionary(d)
            } catch let e as TensorError {
                throw ScriptError(e.kind.rawValue, "load: '\(path)' is neither a .npy file nor a safetensors file (\(e.message))")
            }
        }
    }
}
