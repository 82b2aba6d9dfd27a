import NN
import Script
import Tensor

/// Data sets, minibatches, preprocessing, saving and loading, model summaries and gradient checks.
extension Library {
    static func data() -> Library {
        var lib = Library()
        lib.add("DataLoader", "DataLoader(x, y, batchSize: 1, shuffle: false, dropLast: false) — minibatches [xb, yb] of paired samples; a for loop over it is one epoch (reshuffled from the seeded generator when shuffle is on); len(loader) is the number of batches.") { a, _ in
            let v = try a.bind("DataLoader", ["x", "y", "batchSize", "shuffle", "dropLast"], required: 2)
            return .object(DataLoaderValue(try DataLoader(
                try Convert.tensor(v[0]!, "x of DataLoader"), try Convert.tensor(v[1]!, "y of DataLoader"),
                batchSize: try v[2]?.integer("batchSize") ?? 1, shuffle: try v[3]?.boolean("shuffle") ?? false,
                dropLast: try v[4]?.boolean("dropLast") ?? false)))
        }
        lib.add("trainTestSplit", "trainTestSplit(x, y, testFraction: 0.25, shuffle: true) — [xTrain, xTest, yTrain, yTest]; the test part holds ceil(testFraction × n) samples.") { a, _ in
            let v = try a.bind("trainTestSplit", ["x", "y", "testFraction", "shuffle"], required: 2)
            let parts = try trainTestSplit(try Convert.tensor(v[0]!, "x"), try Convert.tensor(v[1]!, "y"),
                                           testFraction: try v[2]?.number("testFraction") ?? 0.25,
                                           shuffle: try v[3]?.boolean("shuffle") ?? true)
            return tensors([parts.xTrain, parts.xTest, parts.yTrain, parts.yTest])
        }
        lib.add("standardize", "standardize(x) — [(x - mean) / std, mean, std] with per-feature statistics over dimension 0; standardize(x, mean: m, std: s) applies given statistics (to test data).") { a, _ in
            let v = try a.bind("standardize", ["x", "mean", "std"], required: 1)
            let x = try Convert.tensor(v[0]!, "x")
            switch (v[1], v[2]) {
            case (nil, nil):
                let r = try standardize(x)
                return tensors([r.x, r.mean, r.std])
            case (let m?, let s?):
                return Convert.wrap(try standardize(x, mean: try Convert.tensor(m, "mean"), std: try Convert.tensor(s, "std")))
            default:
                throw ScriptError("TypeError", "standardize needs both mean: and std:, or neither")
            }
        }
        lib.add("oneHot", "oneHot(labels, classes: max + 1) — rows with a 1 at each label: shape labels.shape + [classes].") { a, _ in
            let v = try a.bind("oneHot", ["labels", "classes"], required: 1)
            return Convert.wrap(try oneHot(try Convert.tensor(v[0]!, "labels"), classes: try v[1]?.integer("classes")))
        }
        addDatasets(to: &lib)
        addFiles(to: &lib)
        lib.add("summary", "summary(model, input: shape) — a table of the layers with output shapes, parameters, MACs and activation memory, from a forward pass on zeros of that shape (batch included).") { a, vm in
            let v = try a.bind("summary", ["model", "input"], required: 2)
            let model = try Convert.moduleArgument(v[0]!, "the model of summary", vm)
            return .object(SummaryValue(try summary(model, input: try Convert.shape(v[1]!, "the input shape of summary"))))
        }
        lib.add("gradcheck", "gradcheck(fn, inputs, eps: 0.01, atol: 0.001, rtol: 0.01) — compares the gradients backward() gives for fn(inputs...) with central finite differences; true, or a ValueError naming the worst element.") { a, vm in
            let v = try a.bind("gradcheck", ["fn", "inputs", "eps", "atol", "rtol"], required: 2)
            let f = v[0]!
            guard case .function = f else { throw ScriptError("TypeError", "the fn of gradcheck must be a function, not a \(f.typeName)") }
            let inputs = isTensor(v[1]!) ? [try Convert.tensor(v[1]!, "inputs")] : try tensorList(v[1]!, "the inputs of gradcheck")
            let result = try gradcheck({ args in
                try Convert.tensor(try vm.call(f, Arguments(args.map(Convert.wrap))), "the result of gradcheck's fn")
            }, inputs, eps: try Convert.float(v[2], "eps", default: 1e-2),
               atol: try v[3]?.number("atol") ?? 1e-3, rtol: try v[4]?.number("rtol") ?? 1e-2)
            return .bool(result)
        }
        return lib
    }

    /// A list of tensors as a value.
    static func tensors(_ ts: [Tensor]) -> Value { .list(ListStorage(ts.map(Convert.wrap))) }

    static func pair(_ p: (x: Tensor, y: Tensor)) -> Value { tensors([p.x, p.y]) }

    /// The built-in data sets, each returning [x, y].
    static func addDatasets(to lib: inout Library) {
        lib.add("moons", "moons(n, noise: 0, shuffle: true) — [x, y]: two interleaving half circles, labels 0 and 1.") { a, _ in
            let v = try a.bind("moons", ["n", "noise", "shuffle"], required: 1)
            return pair(try Datasets.moons(try v[0]!.integer("n"), noise: try Convert.float(v[1], "noise", default: 0),
                                           shuffle: try v[2]?.boolean("shuffle") ?? true))
        }
        lib.add("circles", "circles(n, noise: 0, factor: 0.8, shuffle: true) — [x, y]: an outer circle (label 0) around an inner one of radius factor (label 1).") { a, _ in
            let v = try a.bind("circles", ["n", "noise", "factor", "shuffle"], required: 1)
            return pair(try Datasets.circles(try v[0]!.integer("n"), noise: try Convert.float(v[1], "noise", default: 0),
                                             factor: try Convert.float(v[2], "factor", default: 0.8),
                                             shuffle: try v[3]?.boolean("shuffle") ?? true))
        }
        lib.add("spirals", "spirals(n, classes: 2, noise: 0, shuffle: true) — [x, y]: interleaved spiral arms, one class each.") { a, _ in
            let v = try a.bind("spirals", ["n", "classes", "noise", "shuffle"], required: 1)
            return pair(try Datasets.spirals(try v[0]!.integer("n"), classes: try v[1]?.integer("classes") ?? 2,
                                             noise: try Convert.float(v[2], "noise", default: 0),
                                             shuffle: try v[3]?.boolean("shuffle") ?? true))
        }
        lib.add("xor", "xor(n: 4, noise: 0) — [x, y]: the corners of the unit square in truth-table order, repeated, with label a XOR b.") { a, _ in
            let v = try a.bind("xor", ["n", "noise"])
            return pair(try Datasets.xor(try v[0]?.integer("n") ?? 4, noise: try Convert.float(v[1], "noise", default: 0)))
        }
        lib.add("sineSequences", "sineSequences(n, length: 20) — [x, y] of shape [n, length, 1]: sine waves of random phase and frequency, y one step ahead of x.") { a, _ in
            let v = try a.bind("sineSequences", ["n", "length"], required: 1)
            return pair(try Datasets.sineSequences(try v[0]!.integer("n"), length: try v[1]?.integer("length") ?? 20))
        }
        lib.add("blobs", "blobs(n, centers: 3, std: 1, features: 2, shuffle: true) — [x, y]: Gaussian clusters around random centers in [-10, 10) (or around the rows of a centers tensor).") { a, _ in
            let v = try a.bind("blobs", ["n", "centers", "std", "features", "shuffle"], required: 1)
            let n = try v[0]!.integer("n"), std = try Convert.float(v[2], "std", default: 1)
            let shuffle = try v[4]?.boolean("shuffle") ?? true
            if let c = v[1], !isNumber(c) {
                guard v[3] == nil else { throw ScriptError("TypeError", "blobs takes features: only with a number of centers") }
                return pair(try Datasets.blobs(n, centers: try Convert.tensor(c, "centers"), std: std, shuffle: shuffle))
            }
            return pair(try Datasets.blobs(n, centers: try v[1]?.integer("centers") ?? 3,
                                           features: try v[3]?.integer("features") ?? 2, std: std, shuffle: shuffle))
        }
        lib.add("digits", "digits() — [x, y]: the 1797 8×8 handwritten digits, x [1797, 64] with pixels 0…16, y the digits 0…9 (from data/digits.csv.gz; SOMA_DATA_DIR names another folder).") { a, _ in
            try a.expectNone("digits")
            return pair(try Datasets.digits())
        }
    }

    static func isNumber(_ v: Value) -> Bool {
        if case .number = v { return true }
        return false
    }

    /// Saving and loading tensors and models.
    static func addFiles(to lib: inout Library) {
        lib.add("saveState", "saveState(model, path) — writes the model's parameters and buffers to a safetensors file (PyTorch's state_dict names).") { a, vm in
            let v = try a.bind("saveState", ["model", "path"], required: 2)
            try NN.saveState(try Convert.moduleArgument(v[0]!, "the model of saveState", vm), try Convert.path(v[1]!, "saveState"))
            return .null
        }
        lib.add("loadState", "loadState(model, path, strict: true) — copies the tensors of a safetensors file into the model; every missing, unexpected or misshapen name is reported.") { a, vm in
            let v = try a.bind("loadState", ["model", "path", "strict"], required: 2)
            try NN.loadState(try Convert.moduleArgument(v[0]!, "the model of loadState", vm), try Convert.path(v[1]!, "loadState"),
                             strict: try v[2]?.boolean("strict") ?? true)
            return .null
        }
        lib.add("save", "save(x, path) — writes a tensor as a NumPy .npy file, or a dictionary of tensors as a safetensors file.") { a, _ in
            let v = try a.bind("save", ["x", "path"], required: 2)
            let path = try Convert.path(v[1]!, "save")
            if case .dictionary(let d) = v[0]! {
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
            try NPY.save(try Convert.tensor(v[0]!, "the value to save"), to: path)
            return .null
        }
        lib.add("load", "load(path) — reads a .npy file as a tensor, or a safetensors file as a dictionary of tensors.") { a, _ in
            let path = try Convert.path(try a.bind("load", ["path"], required: 1)[0]!, "load")
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
