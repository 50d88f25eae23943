; What trine reads from C#: types and members, prose (comments, XML doc comments, attribute
; strings), attributes and modifiers, calls and `using` directives. Capture names are the
; contract with parsers/code.py (see python.scm); C# has no docstrings: its doc comments are
; comments.

(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.class
(method_declaration name: (identifier) @name) @definition.function
(constructor_declaration name: (identifier) @name) @definition.function
(property_declaration name: (identifier) @name) @definition.function
(local_function_statement name: (identifier) @name) @definition.function

; Attributes (`[Test]`, `[Category("REQ-1")]`) and modifiers (`public`) stand before a
; declaration as decorators do before a Python definition: what they say is the definition's.
(class_declaration (attribute_list (attribute) @decorator)) @decorated
(record_declaration (attribute_list (attribute) @decorator)) @decorated
(struct_declaration (attribute_list (attribute) @decorator)) @decorated
(interface_declaration (attribute_list (attribute) @decorator)) @decorated
(enum_declaration (attribute_list (attribute) @decorator)) @decorated
(method_declaration (attribute_list (attribute) @decorator)) @decorated
(constructor_declaration (attribute_list (attribute) @decorator)) @decorated
(property_declaration (attribute_list (attribute) @decorator)) @decorated
(local_function_statement (attribute_list (attribute) @decorator)) @decorated
(class_declaration (modifier) @decorator) @decorated
(record_declaration (modifier) @decorator) @decorated
(struct_declaration (modifier) @decorator) @decorated
(interface_declaration (modifier) @decorator) @decorated
(enum_declaration (modifier) @decorator) @decorated
(method_declaration (modifier) @decorator) @decorated
(constructor_declaration (modifier) @decorator) @decorated
(property_declaration (modifier) @decorator) @decorated

(comment) @comment

(parameter name: (identifier) @parameter)

(invocation_expression function: (identifier) @call.name) @call
(invocation_expression function: (generic_name . (identifier) @call.name)) @call
(invocation_expression function: (member_access_expression
  expression: (_) @call.receiver name: [(identifier) @call.name (generic_name . (identifier) @call.name)])) @call
(object_creation_expression type: (identifier) @call.name) @call
