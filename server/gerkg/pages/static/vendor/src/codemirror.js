// The CodeMirror 6 pieces the query editor uses (static/editor.js), with the SPARQL mode of legacy-modes.
export { EditorView, basicSetup } from "codemirror";
export { keymap } from "@codemirror/view";
export { Prec } from "@codemirror/state";
export { StreamLanguage } from "@codemirror/language";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
export { autocompletion } from "@codemirror/autocomplete";
export { setDiagnostics, lintGutter } from "@codemirror/lint";
