; What trine reads from Python: definitions, prose (comments, docstrings, decorator strings),
; calls and imports. Capture names are the contract with parsers/code.py.

(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class
(decorated_definition (decorator) @decorator) @decorated

(comment) @comment
(module . (comment)* . (expression_statement (string) @docstring))
(block . (comment)* . (expression_statement (string) @docstring))

(function_definition parameters: (parameters [
  (identifier) @parameter
  (typed_parameter . (identifier) @parameter)
  (default_parameter name: (identifier) @parameter)
  (typed_default_parameter name: (identifier) @parameter)]))
(function_definition return_type: (type) @returns)
(return_statement (call function: [(identifier) (attribute)] @makes))
(yield (call function: [(identifier) (attribute)] @makes))

(call function: (identifier) @call.name) @call
(call function: (attribute object: (_) @call.receiver attribute: (identifier) @call.name)) @call

(import_statement name: (dotted_name) @import.module)
(import_statement name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias))
(import_from_statement module_name: (_) @import.from name: (dotted_name) @import.name)
(import_from_statement module_name: (_) @import.from name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias))
