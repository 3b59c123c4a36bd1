"""First names whose gender is certain in English-speaking countries (ONS and SSA top-name
lists, 1950-2020). Names used for both (Alex, Sam, Kim, Robin, Jordan, Taylor, Charlie,
Jamie, Chris, Jean, Andrea, Nicola, Sasha) are deliberately absent: no guess for them."""

from __future__ import annotations

from supportdesk_tui.langcheck.common import word_set

MALE = word_set(
    "aaron adam adrian aidan alan albert alexander alfie alfred andrew angus anthony archie "
    "arthur austin barry ben benjamin bernard bill billy bob bradley brandon brian bruce callum "
    "carl charles christian christopher colin connor craig daniel darren david dean dennis derek "
    "dominic donald douglas duncan dylan edward elliot eric ethan euan evan finlay finn frank "
    "frederick gareth gary gavin geoffrey george gerald gordon graham gregory harry harvey henry "
    "hiroshi howard hugh ian isaac jack jacob jake james jason jeffrey jeremy joe john jonathan "
    "joseph joshua keith kenneth kevin kieran leo leonard liam logan louis luke malcolm mark "
    "martin matthew max michael mohammed muhammad nathan neil nicholas nigel noah oliver oscar "
    "owen patrick paul peter philip raj ralph raymond reece richard robert roger ronald rory "
    "ross roy russell ryan samuel scott sean sebastian simon stanley stephen steven stuart "
    "terence theo theodore thomas timothy toby tom tony trevor tyler victor walter wayne william "
    "zachary"
)
FEMALE = word_set(
    "abigail ada aisha alice alison amanda amber amelia amy angela anna anne annie ava barbara "
    "beatrice bella bethany brenda caroline catherine charlotte chloe claire clara daisy deborah "
    "diana diane dorothy edith eleanor elizabeth ella ellie eloise elsie emily emma erin esther "
    "eva evelyn fiona florence freya georgia gemma grace hannah harriet hazel heather helen holly "
    "imogen isabel isabella isla ivy jacqueline jane janet jennifer jessica joan joanna josephine "
    "joyce judith julia julie karen kate katherine katie kathleen laura lauren lily linda lisa "
    "louise lucy lydia madison maisie margaret maria marie martha mary matilda megan melissa mia "
    "michelle mila molly naomi natalie nicole olivia phoebe poppy rachel rebecca rose rosie ruby "
    "ruth sandra sarah scarlett sharon sienna sofia sophia sophie stella stephanie susan "
    "tracey victoria violet wendy willow yvonne zara zoe"
)
