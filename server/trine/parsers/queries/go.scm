; What trine reads from Go: functions, methods (named after their receiver's type), struct and
; interface types, comments, calls (with their first argument, a subtest's name), the keyed
; strings of composite literals (a test table's names) and imports. Capture names are the
; contract with parsers/code.py (see python.scm).

(function_declaration name: (identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list (parameter_declaration type: [
    (type_identifier) @receiver
    (pointer_type (type_identifier) @receiver)
    (generic_type type: (type_identifier) @receiver)
    (pointer_type (generic_type type: (type_identifier) @receiver))]))
  name: (field_identifier) @name) @definition.function
(type_spec name: (type_identifier) @name type: [(struct_type) (interface_type)]) @definition.class

(comment) @comment

; A function's parameters, each name then its type (`t`, `*testing.T`): Go has no fixtures,
; and the types tell a test from a benchmark.
(function_declaration parameters: (parameter_list (parameter_declaration name: (identifier) @parameter)))
(function_declaration parameters: (parameter_list (parameter_declaration type: (_) @parameter)))

(call_expression function: (identifier) @call.name
  arguments: (argument_list . (_)? @call.argument)) @call
(call_expression
  function: (selector_expression operand: (_) @call.receiver field: (field_identifier) @call.name)
  arguments: (argument_list . (_)? @call.argument)) @call

(literal_value (keyed_element
  key: (literal_element (identifier) @string.key)
  value: (literal_element [(interpreted_string_literal) (raw_string_literal)] @string.value))) @string.entry

(import_spec name: (package_identifier)? @import.alias
  path: (interpreted_string_literal (interpreted_string_literal_content) @import.module))
