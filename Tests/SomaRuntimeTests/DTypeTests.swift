import Testing
@testable import Script
@testable import SomaRuntime
import TensorEngine

/// Dtypes as the language shows them: the globals, `tensor(dtype:)`, the factories, conversions, exact
/// reads, and errors that name the argument.
@Suite struct DTypeTests {
    /// What `code` prints.
    func output(_ code: String) throws -> String { try printed(code) }

    /// The error `code` raises, as "Kind: message", or "" when it raises none.
    func failure(_ code: String) -> String {
        do { _ = try output(code) } catch let e as ScriptError { return e.description } catch { return "\(error)" }
        return ""
    }

    @Test func dtypesAreValuesWithNamesAndMembers() throws {
        #expect(try output("print(float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool)")
                == "float32 float64 float16 bfloat16 int64 int32 int16 int8 uint8 bool\n")
        #expect(try output("print(double, float, half, long, short, type(double), repr(long))") == "float64 float32 float16 int64 int16 dtype int64\n")
        #expect(try output("print(double == float64, float == float32, int64 == int32, [int8] == [int8])") == "true true false true\n")
        #expect(try output("print(float16.isFloatingPoint, bool.isFloatingPoint, uint8.isFloatingPoint, bfloat16.itemSize, int64.itemSize)")
                == "true false false 2 8\n")
        #expect(failure("float64.nonsense") == "TypeError: a dtype has no member 'nonsense'")
    }

    @Test func existingNamesKeepWorking() throws {
        // `int` stays the number function, and a dtype's name can still be a variable.
        #expect(try output("print(int(2.7), int(-2.7))") == "2 -2\n")
        #expect(try output("let float = 2\nlet double = fn(x) { x * 2 }\nprint(float, double(4))") == "2 8\n")
        #expect(try output("print(zeros(1, dtype: int).dtype, zeros(1, dtype: \"double\").dtype, zeros(1, dtype: \"int\").dtype)")
                == "int64 float64 int64\n")
    }

    @Test func tensorReadsNumbersExactly() throws {
        #expect(try output("let x = tensor([0.1, 1e-300], dtype: float64)\nprint(x.dtype, x.tolist(), x.sum().dtype)")
                == "float64 [0.1, 1e-300] float64\n")
        #expect(try output("print(tensor(0.1, dtype: double).item(), tensor(0.1).item())") == "0.1 0.10000000149011612\n")
        #expect(try output("print(tensor([2 ** 53, -(2 ** 40) - 1], dtype: int64).tolist())") == "[9007199254740992, -1099511627777]\n")
        #expect(try output("print(tensor(0..<3, dtype: int16).tolist(), tensor([[1.9], [-1.9]], dtype: int32).tolist())")
                == "[0, 1, 2] [[1], [-1]]\n")
        // A tensor inside the data keeps its digits too.
        #expect(try output("let a = tensor([0.1], dtype: float64)\nprint(tensor([a, a]).dtype, tensor([a, a], dtype: float64).tolist())")
                == "float32 [[0.1], [0.1]]\n")
    }

    @Test func inferenceGivesBoolForBoolsAndFloat32ForNumbers() throws {
        #expect(try output("print(tensor([[0, 0], [0, 1]]).dtype, tensor(3).dtype, tensor([]).dtype)") == "float32 float32 float32\n")
        #expect(try output("print(tensor([true, false]).dtype, tensor(true).dtype, tensor([[true], [false]]).tolist())")
                == "bool bool [[true], [false]]\n")
        #expect(try output("print(tensor([true, 2]).dtype, tensor([tensor([true]), tensor([false])]).dtype)") == "float32 bool\n")
        // The float32 XOR inputs a Linear layer takes, as before.
        #expect(try output("let net = Linear(2, 1)\nprint(net(tensor([[0, 0], [0, 1]])).shape)") == "[2, 1]\n")
    }

    @Test func tensorOfATensorCopiesIntoTheType() throws {
        #expect(try output("""
            let w = tensor([1.5, -2.5], requiresGrad: true)
            let v = tensor(w * 2, dtype: int64)
            print(v.dtype, v.tolist(), v.requiresGrad, v.gradFn, tensor(v).dtype)
            """) == "int64 [3, -5] false nil int64\n")
    }

    @Test func badDtypesAreErrorsNamingTheArgument() {
        #expect(failure("tensor([1], dtype: 3)")
                == "TypeError: dtype of tensor must be a dtype such as float64 (or its name as a string), not a number")
        #expect(failure("tensor([1]).to(\"nonsense\")").hasPrefix("ValueError: dtype of to: \"nonsense\" is not a dtype; the dtypes are float32, float64"))
        #expect(failure("zeros(2, dtype: [float64])").hasPrefix("TypeError: dtype of zeros must be a dtype"))
        #expect(failure("randint(0, 3, [2], dtype: \"int128\")").hasPrefix("ValueError: dtype of randint: \"int128\" is not a dtype"))
        #expect(failure("promoteTypes(int8, 2)").hasPrefix("TypeError: b of promoteTypes must be a dtype"))
        #expect(failure("zeros(2, dtype: print)").hasPrefix("TypeError: dtype of zeros must be a dtype such as float64 (or its name as a string), not a"))
    }

    @Test func numbersAnIntegerTypeCannotHoldAreErrors() {
        #expect(failure("tensor([1, nan], dtype: int64)")
                == "ValueError: the data of tensor: the element at [1], nan, cannot be converted to int64 without overflow")
        #expect(failure("tensor([[1, 2], [3, 300]], dtype: int8)")
                == "ValueError: the data of tensor: the element at [1][1], 300, cannot be converted to int8 without overflow")
        #expect(failure("tensor(-1, dtype: uint8)") == "ValueError: the data of tensor: -1 cannot be converted to uint8 without overflow")
        #expect(failure("tensor([inf], dtype: int32)").hasPrefix("ValueError: the data of tensor: the element at [0], inf"))
        #expect(failure("full([2], 1e20, dtype: int64)") == "ValueError: full: 1e+20 cannot be converted to int64 without overflow")
        #expect(failure("fullLike(zeros(2, dtype: int8), 128)") == "ValueError: full: 128 cannot be converted to int8 without overflow")
        #expect(failure("arange(250, 260, dtype: uint8)").hasPrefix("ValueError: arange: 259 cannot be converted to uint8"))
        #expect(failure("tensor([1e300], dtype: float16)") == "")
    }

    @Test func onlyFloatingPointTensorsRequireGradients() {
        #expect(failure("tensor([1], dtype: int64, requiresGrad: true)")
                == "TypeError: tensor: only floating-point tensors can require gradients, not int64")
        #expect(failure("zeros(2, requiresGrad: true, dtype: bool)") == "TypeError: zeros: only floating-point tensors can require gradients, not bool")
        #expect(failure("var t = randint(0, 2, [2])\nt.requiresGrad = true")
                == "TypeError: requiresGrad: only floating-point tensors can require gradients, not int64")
        #expect(failure("tensor([1], dtype: float16, requiresGrad: true)") == "")
        #expect(failure("rand(2, dtype: int32)").hasPrefix("TypeError: rand: dtype must be a floating-point type"))
        #expect(failure("randnLike(tensor([true]))").hasPrefix("TypeError: randn: dtype must be a floating-point type"))
    }

    @Test func factoriesTakeADtype() throws {
        #expect(try output("""
            print(zeros(2, dtype: int64).dtype, ones([2, 1], dtype: bool).tolist(), full([2], 3, dtype: int8).tolist(), full([1], false).tolist())
            print(eye(2, dtype: uint8).tolist(), arange(2, 5, dtype: int16).tolist(), arange(0, 0.3, step: 0.1, dtype: float64).tolist())
            print(linspace(0, 1, 3, dtype: bfloat16).dtype, rand(2, dtype: float64).dtype, randn(2, dtype: half).dtype)
            print(randint(0, 3, [2]).dtype, randint(0, 3, [2], dtype: float32).dtype, randperm(3).dtype, randperm(3, dtype: int8).dtype)
            print(zeros(2).dtype, full([1], 2).dtype, arange(3).dtype, eye(1).dtype, rand(1).dtype)
            """) == """
            int64 [[true], [true]] [3, 3] [false]
            [[1, 0], [0, 1]] [2, 3, 4] [0, 0.1, 0.2]
            bfloat16 float64 float16
            int64 float32 int64 int8
            float32 float32 float32 float32 float32

            """)
    }

    @Test func seededIntegerDrawsAreTheFloat32Ones() throws {
        #expect(try output("""
            seed(3)
            let a = randint(0, 100, [20], dtype: float32).tolist()
            seed(3)
            let b = randint(0, 100, [20]).tolist()
            seed(4)
            let p = randperm(10, dtype: float32).tolist()
            seed(4)
            print(a == b, p == randperm(10).tolist())
            """) == "true true\n")
    }

    @Test func likeFactoriesKeepTheInputsTypeAndShape() throws {
        #expect(try output("""
            let x = tensor([[1, 2, 3]], dtype: int16)
            print(zerosLike(x).dtype, zerosLike(x).shape, onesLike(x).tolist(), fullLike(x, 7.9).tolist(), onesLike(x, dtype: bool).tolist())
            let f = tensor([1.0], dtype: float64)
            print(randLike(f).dtype, randnLike(f, dtype: float32).dtype, zerosLike(f, requiresGrad: true).requiresGrad)
            """) == "int16 [1, 3] [[1, 1, 1]] [[7, 7, 7]] [[true, true, true]]\nfloat64 float32 true\n")
    }

    @Test func conversionMethods() throws {
        #expect(try output("""
            let x = tensor([-1.7, 0.5, 300])
            print(x.double().dtype, x.float().dtype, x.half().dtype, x.bfloat16().dtype, x.long().dtype)
            print(x.int().dtype, x.short().dtype, x.char().dtype, x.byte().dtype, x.bool().dtype)
            print(x.long().tolist(), x.byte().tolist(), x.char().tolist(), x.bool().tolist(), tensor([0, -0.0]).bool().tolist())
            print(x.to(float64).dtype, x.to(dtype: "long").tolist(), x.to(x.dtype).dtype, tensor(0.1, dtype: float64).float().item())
            """) == """
            float64 float32 float16 bfloat16 int64
            int32 int16 int8 uint8 bool
            [-1, 0, 300] [255, 0, 44] [-1, 0, 44] [true, true, true] [false, false]
            float64 [-1, 0, 300] float32 0.10000000149011612

            """)
        // Casts never fail: NaN and values beyond int64 give int64's minimum, as PyTorch's cast on x86.
        #expect(try output("print(tensor([nan, 1e30]).long().tolist() == [-(2 ** 63), -(2 ** 63)])") == "true\n")
        #expect(failure("tensor([1]).long(3)") == "TypeError: long takes no arguments")
    }

    @Test func gradientsFlowThroughFloatingPointConversions() throws {
        #expect(try output("""
            let w = tensor([1.5, 2], dtype: float64, requiresGrad: true)
            let loss = (w.to(float32) * tensor([3, 4])).sum()
            loss.backward()
            print(w.grad.dtype, w.grad.tolist(), w.half().requiresGrad, w.long().requiresGrad)
            """) == "float64 [3, 4] true false\n")
    }

    @Test func itemAndTolistReadEveryTypeExactly() throws {
        #expect(try output("print(tensor(2 ** 53, dtype: int64).item(), tensor([1e-310], dtype: float64).item(), tensor(true).item(), tensor(0, dtype: bool).item())")
                == "9007199254740992 1e-310 true false\n")
        #expect(try output("print(tensor([[true, false]]).tolist(), tensor([0.1, 0.2], dtype: float64).tolist(), tensor([65504], dtype: half).tolist())")
                == "[[true, false]] [0.1, 0.2] [65504]\n")
        #expect(failure("tensor([1, 2], dtype: int64).item()").hasPrefix("ValueError: item: only a one-element tensor has an item"))
    }

    @Test func languageNumbersFromTensorsAreExact() throws {
        let f = Convert.wrap(try Tensor(shape: [], elements: [0.1], dtype: .float64))
        #expect(try Convert.scalar(f, "x") == 0.1)
        let shape = Convert.wrap(try Tensor(shape: [2], elements: [Int64(2), 3], dtype: .int64))
        #expect(try Convert.shape(shape, "shape") == [2, 3])
        #expect(try output("print(zeros(tensor([2, 3], dtype: int64)).shape)") == "[2, 3]\n")
    }

    @Test func aNumberOperandTakesThePyTorchScalarType() throws {
        let double = try Tensor(shape: [1], elements: [1.0], dtype: .float64)
        let long = try Tensor(shape: [1], elements: [Int64(1)], dtype: .int64)
        let mask = try Tensor(shape: [1], elements: [true], dtype: .bool)
        let tenth = try Convert.operand(.number(0.1), with: double, "x")
        #expect(try tenth.dtype == .float64 && tenth.itemValue() == 0.1)
        #expect(try Convert.operand(.number(2), with: long, "x").dtype == .int64)
        #expect(try Convert.operand(.number(0.5), with: long, "x").dtype == .float32)
        #expect(try Convert.operand(.number(2), with: mask, "x").dtype == .int64)
        #expect(try Convert.operand(.bool(true), with: mask, "x").dtype == .bool)
        #expect(try Convert.operand(.number(2), with: Tensor(1), "x").dtype == .float32)
        #expect(try output("print((tensor([1, 2], dtype: int64) * 3).tolist(), (1 - tensor([0.5])).tolist())") == "[3, 6] [0.5]\n")
    }

    @Test func promoteTypesIsPyTorchs() throws {
        #expect(try output("""
            print(promoteTypes(int8, uint8), promoteTypes(uint8, int8), promoteTypes(float16, bfloat16), promoteTypes(bool, uint8))
            print(promoteTypes(int64, float16), promoteTypes(int32, int64), promoteTypes("double", float32), promoteTypes(bool, bool))
            """) == "int16 int16 float32 uint8\nfloat16 int64 float64 bool\n")
    }

    @Test func assignmentStoresInTheTensorsType() throws {
        #expect(try output("""
            var x = tensor([1, 2, 3], dtype: int64)
            x[0] = 2 ** 40 + 1
            x[1:] = tensor([7.9, -8.9])
            var m = tensor([true, false])
            m[1] = 2
            print(x.tolist(), x.dtype, m.tolist(), m.dtype, x[0].item(), x[0].dtype)
            let sums = tensor([1, 2], dtype: int16).scatterAdd(0, tensor([0, 0]), tensor([5, 6]))
            print(sums.tolist(), sums.dtype)
            """) == "[1099511627777, 7, -8] int64 [true, true] bool 1099511627777 int64\n[12, 2] int16\n")
    }

    @Test func inPlaceUpdatesWorkInFloat64AndNameTheProblemForIntegers() throws {
        #expect(try output("""
            let w = tensor([1.0, 2], dtype: float64, requiresGrad: true)
            xavierUniform(zeros(2, 2, dtype: float64))
            let opt = SGD([w], lr: 0.1)
            (w * 2).sum().backward()
            opt.step()
            print(w.tolist(), w.dtype)
            """) == "[0.8, 1.8] float64\n")
        #expect(failure("initNormal(zeros(2, dtype: int8))").hasSuffix("cannot fill a int8 tensor with random values; it needs a floating-point tensor"))
    }
}
