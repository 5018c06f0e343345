"""Maps of claimed control: the shipped Natural Earth lines, the model and the renderer."""
