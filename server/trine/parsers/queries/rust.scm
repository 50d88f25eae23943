; What trine reads from Rust: definitions, prose (comments, doc comments, attribute strings),
; calls and imports. Capture names are the contract with parsers/code.py (see python.scm).
; Attributes, visibility and the `impl`/`trait` keywords count among a definition's decorators,
; so that the Rust module can tell tests (`#[test]`), public items (`pub`) and trait methods.

(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(macro_definition name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.class
(enum_item name: (type_identifier) @name) @definition.class
(union_item name: (type_identifier) @name) @definition.class
(trait_item name: (type_identifier) @name) @definition.class
(impl_item type: [
  (type_identifier) @name
  (generic_type type: (type_identifier) @name)
  (scoped_type_identifier name: (type_identifier) @name)
  (generic_type type: (scoped_type_identifier name: (type_identifier) @name))]) @definition.class
(mod_item name: (identifier) @name body: (declaration_list)) @definition.class

(attribute_item (attribute) @decorator @decorated)
(function_item (visibility_modifier) @decorator @decorated)
(function_signature_item (visibility_modifier) @decorator @decorated)
(struct_item (visibility_modifier) @decorator @decorated)
(enum_item (visibility_modifier) @decorator @decorated)
(union_item (visibility_modifier) @decorator @decorated)
(trait_item (visibility_modifier) @decorator @decorated)
(mod_item (visibility_modifier) @decorator @decorated)
(impl_item "impl" @decorator @decorated)
(trait_item "trait" @decorator @decorated)

(line_comment) @comment
(block_comment) @comment

(function_item parameters: (parameters (parameter pattern: (identifier) @parameter)))
(function_item return_type: (_) @returns)

(call_expression function: (identifier) @call.name) @call
(call_expression function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call
(call_expression function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name)) @call
(call_expression function: (generic_function function: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name))) @call
; Calls inside a macro's arguments (`assert_eq!(parse("1s"), ...)`) are tokens, not expressions.
(token_tree (identifier) @call.name . (token_tree) @call)
(token_tree (identifier) @call.receiver . "::" . (identifier) @call.name . (token_tree) @call)
(token_tree [(identifier) (token_tree)] @call.receiver . "." . (identifier) @call.name . (token_tree) @call)

(use_declaration argument: (identifier) @import.module)
(use_declaration argument: (use_as_clause path: (identifier) @import.module alias: (identifier) @import.alias))
(use_declaration argument: (scoped_identifier path: (_) @import.from name: (identifier) @import.name))
(use_declaration argument: (use_as_clause path: (scoped_identifier path: (_) @import.from name: (identifier) @import.name) alias: (identifier) @import.alias))
(scoped_use_list path: (_) @import.from list: (use_list [(identifier) (scoped_identifier)] @import.name))
(scoped_use_list path: (_) @import.from list: (use_list (use_as_clause path: (_) @import.name alias: (identifier) @import.alias)))
