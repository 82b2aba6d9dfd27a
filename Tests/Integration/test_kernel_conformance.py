"""The official jupyter_kernel_test suite against the installed Soma kernel, with every sample set."""
import unittest

import jupyter_kernel_test as jkt


class SomaKernelTests(jkt.KernelTests):
    kernel_name = "soma"
    language_name = "soma"
    file_extension = ".soma"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'print("oops", to: "stderr")'

    completion_samples = [
        {"text": "zer", "matches": {"zeros", "zerosLike"}},
        {"text": "let longVariableName = 1\nlongVar", "matches": {"longVariableName"}},
    ]
    complete_code_samples = ["1", 'print("hi")', "fn f(x) { x }", "let xs = [1, 2]", ""]
    incomplete_code_samples = ["fn f(x) {", "let x = (1 +", 'let s = "abc', "for i in 0..<3 {\n  print(i)"]
    invalid_code_samples = ["let = 3", ")", "1 +* 2"]

    code_page_something = "?zeros"

    code_generate_error = 'throw error("ValueError", "boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "[1, 2]", "result": "[1, 2]"},
    ]
    code_display_data = [
        {"code": "display(tensor([1, 2]))", "mime": "text/html"},
        {"code": "display(3)", "mime": "text/plain"},
    ]

    code_history_pattern = "6 *?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "zeros"
    code_clear_output = "clearOutput()"


class SomaIOPubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "soma"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
