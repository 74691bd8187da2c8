"""The trained relation model: candidate pairs and features, the model, its training data.

``features`` turns the entity spans on a Doc into candidate pairs with hashed features,
``model.RelationModel`` scores them (numpy only), ``data`` and ``train`` build the examples
and fit the model (training needs requirements-train.txt). The spaCy component that uses
it is ``chainkg.extract.components.relation_model``.
"""

from chainkg.extract.relmodel.model import RelationModel, RelationModelError

__all__ = ["RelationModel", "RelationModelError"]
