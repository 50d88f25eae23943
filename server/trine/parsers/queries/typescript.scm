; What trine reads from TypeScript and JavaScript (the tsx grammar reads both): definitions,
; prose (comments, JSDoc, decorator strings), calls and imports. Capture names are the contract
; with parsers/code.py (see python.scm).

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.function
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)]) @definition.function
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: [(arrow_function) (function_expression)]) @definition.function
(class_declaration name: (_) @name) @definition.class
(abstract_class_declaration name: (_) @name) @definition.class
(variable_declarator name: (identifier) @name value: (class)) @definition.class

(export_statement decorator: (decorator) @decorator declaration: (_) @decorated)
(class_declaration decorator: (decorator) @decorator) @decorated
(class_body (decorator) @decorator . (decorator)* . [(method_definition) (public_field_definition)] @decorated)

(comment) @comment

(formal_parameters [
  (required_parameter pattern: (identifier) @parameter)
  (optional_parameter pattern: (identifier) @parameter)])

(call_expression
  function: [(identifier) (import)] @call.name
  arguments: (arguments . [(string) (template_string)]? @call.label)) @call
(call_expression
  function: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)
  arguments: (arguments . [(string) (template_string)]? @call.label)) @call
(call_expression
  function: (call_expression function: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name))
  arguments: (arguments . [(string) (template_string)]? @call.label)) @call
(new_expression constructor: (identifier) @call.name) @call

(import_statement (import_clause (named_imports (import_specifier name: (_) @import.name !alias))) source: (string (string_fragment) @import.from))
(import_statement (import_clause (named_imports (import_specifier name: (_) @import.name alias: (identifier) @import.alias))) source: (string (string_fragment) @import.from))
(import_statement (import_clause [(identifier) (namespace_import (identifier))] @import.alias) source: (string (string_fragment) @import.module))
(variable_declarator
  name: (identifier) @import.alias
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @import.module)))
  (#eq? @_require "require"))
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @import.name)
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @import.from)))
  (#eq? @_require "require"))

; A test's or a group's name is prose: `describe("FR-1 …")` names the clause its tests check.
(call_expression
  function: [(identifier) (member_expression) (call_expression)] @_runner
  arguments: (arguments . [(string) (template_string)] @docstring)
  (#match? @_runner "^(describe|suite|context|test|it|specify)([.(]|$)"))
