"""The interview: questions in, a saved answers file out.

In: the questions (`procure.model.questions`), optionally an answers or resume file, and a
terminal (or a test's pipe input). Out: a commented `answers.yaml` that validates as
`procure/answers@1`; at the end the caller's `Generation` may make the checklist from it.
`prompting` is the one module that talks to questionary; `session` is the loop around it.
"""
