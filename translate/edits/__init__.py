"""Every rule that changes the model's English after decoding, in one place: the glossary
(`glossary`: the file and its matches; `terms`: placeholders and their restoring), and one
rendering per name (`names`). Below `run/`, above the model: the stages call these on what the
engine returned; nothing here loads a model."""
