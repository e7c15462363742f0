"""Label sections: LOINC codes, their names, openFDA field names and `show -s` keys.

openFDA names each record field after its LOINC section (`Dosage & Administration`
→ `dosage_and_administration`), so one table serves both formats. The table is
openFDA's own list of section codes (CC0). A section's key is what `show -s`
accepts: the main sections of a prescription label have short keys
(`warnings`, `adverse-reactions`); subsections that openFDA also hands out as
fields of their own (`pregnancy`, `mechanism_of_action`) share their parent's key;
every other section is keyed by its name's slug.
"""

from __future__ import annotations

import re

LOINC_NAMES: dict[str, str] = {
    "34086-9": "Abuse",
    "60555-0": "Accessories",
    "55106-9": "Active Ingredient",
    "34084-4": "Adverse Reactions",
    "69761-5": "Alarms",
    "34091-9": "Animal Pharmacology & or Toxicology",
    "50569-3": "Ask Doctor",
    "50568-5": "Ask Doctor/Pharmacist",
    "60556-8": "Assembly or Installation Instructions",
    "34066-1": "Boxed Warning",
    "60557-6": "Calibration Instructions",
    "34083-6": "Carcinogenesis & Mutagenesis & Impairment of Fertility",
    "60684-8": "Cellular Therapy",
    "60558-4": "Cleaning, Disinfecting, and Sterilization Instructions",
    "34090-1": "Clinical Pharmacology",
    "34092-7": "Clinical Studies",
    "69760-7": "Compatible Accessories",
    "60559-2": "Components",
    "34070-3": "Contraindications",
    "34085-1": "Controlled Substance",
    "34087-7": "Dependence",
    "34089-3": "Description",
    "69758-1": "Diagram of Device",
    "69763-1": "Disposal and Waste Handling",
    "50570-1": "Do Not Use",
    "34068-7": "Dosage & Administration",
    "43678-2": "Dosage Forms & Strengths",
    "34074-5": "Drug & or Laboratory Test Interactions",
    "42227-9": "Drug Abuse and Dependence",
    "34073-7": "Drug Interactions",
    "50742-6": "Environmental Warning",
    "50743-4": "Food Safety Warning",
    "34072-9": "General Precautions",
    "34082-8": "Geriatric Use",
    "50740-0": "Guaranteed Analysis of Feed",
    "71744-7": "Health Care Provider Letter",
    "69719-3": "Health Claim",
    "34069-5": "How Supplied",
    "51727-6": "Inactive Ingredient",
    "34067-9": "Indications & Usage",
    "50744-2": "Information for Owners/Caregivers",
    "34076-0": "Information for Patients",
    "59845-8": "Instructions for Use",
    "60560-0": "Intended Use of the Device",
    "50565-1": "Keep Out of Reach of Children",
    "34079-4": "Labor & Delivery",
    "34075-2": "Laboratory Tests",
    "43679-0": "Mechanism of Action",
    "49489-8": "Microbiology",
    "43680-8": "Nonclinical Toxicology",
    "34078-6": "Nonteratogenic Effects",
    "34080-2": "Nursing Mothers",
    "60561-8": "Other Safety Information",
    "34088-5": "Overdosage",
    "51945-4": "Package Label: Principal Display Panel",
    "68498-5": "Patient Medication Information",
    "34081-0": "Pediatric Use",
    "43681-6": "Pharmacodynamics",
    "66106-6": "Pharmacogenomics",
    "43682-4": "Pharmacokinetics",
    "42232-9": "Precautions",
    "42228-7": "Pregnancy",
    "53414-9": "Pregnancy or Breast Feeding",
    "55105-1": "Purpose",
    "53413-1": "Questions",
    "43683-2": "Recent Major Changes",
    "34093-5": "References",
    "53412-3": "Residue Warning",
    "69759-9": "Risks",
    "60562-6": "Route, Method and Frequency of Administration",
    "50741-8": "Safe Handling Warning",
    "48779-3": "SPL Indexing Data Elements",
    "42231-1": "SPL Medguide",
    "42230-3": "SPL Patient Package Insert",
    "48780-1": "SPL Product Data Elements",
    "42229-5": "SPL Unclassified",
    "69718-5": "Statement of Identity",
    "50566-9": "Stop Use",
    "44425-7": "Storage and Handling",
    "60563-4": "Summary of Safety and Effectiveness",
    "34077-8": "Teratogenic Effects",
    "69762-3": "Troubleshooting",
    "43684-0": "Use in Specific Populations",
    "54433-8": "User Safety Warnings",
    "50745-9": "Veterinary Indications",
    "34071-1": "Warnings",
    "43685-7": "Warnings and cautions",
    "50567-7": "When Using",
}
UNCLASSIFIED = "42229-5"
PRODUCT_DATA = "48780-1"

# The keys of the sections a clinician looks for, by LOINC code.
SHORT_KEYS: dict[str, str] = {
    "34066-1": "boxed-warning",
    "43683-2": "recent-major-changes",
    "34067-9": "indications",
    "34068-7": "dosage",
    "43678-2": "dosage-forms",
    "34070-3": "contraindications",
    "43685-7": "warnings",
    "34071-1": "warnings",
    "42232-9": "warnings",
    "34072-9": "warnings",
    "54433-8": "warnings",
    "34084-4": "adverse-reactions",
    "34073-7": "interactions",
    "34074-5": "interactions",
    "43684-0": "specific-populations",
    "42228-7": "specific-populations",
    "34077-8": "specific-populations",
    "34078-6": "specific-populations",
    "34079-4": "specific-populations",
    "34080-2": "specific-populations",
    "34081-0": "specific-populations",
    "34082-8": "specific-populations",
    "42227-9": "drug-abuse",
    "34085-1": "drug-abuse",
    "34086-9": "drug-abuse",
    "34087-7": "drug-abuse",
    "34088-5": "overdosage",
    "34089-3": "description",
    "34090-1": "clinical-pharmacology",
    "43679-0": "clinical-pharmacology",
    "43681-6": "clinical-pharmacology",
    "43682-4": "clinical-pharmacology",
    "66106-6": "clinical-pharmacology",
    "49489-8": "clinical-pharmacology",
    "43680-8": "nonclinical-toxicology",
    "34083-6": "nonclinical-toxicology",
    "34091-9": "nonclinical-toxicology",
    "34092-7": "clinical-studies",
    "34093-5": "references",
    "34069-5": "how-supplied",
    "44425-7": "storage",
    "34076-0": "patient-counseling",
    "42230-3": "patient-counseling",
    "42231-1": "patient-counseling",
    "68498-5": "patient-counseling",
    "59845-8": "patient-counseling",
    "51945-4": "package-label",
    UNCLASSIFIED: "unclassified",
    # OTC Drug Facts
    "55106-9": "active-ingredient",
    "55105-1": "purpose",
    "50570-1": "warnings",
    "50569-3": "warnings",
    "50568-5": "warnings",
    "50567-7": "warnings",
    "50566-9": "warnings",
    "50565-1": "warnings",
    "53414-9": "warnings",
    "50741-8": "warnings",
    "51727-6": "inactive-ingredients",
    "53413-1": "questions",
    "60561-8": "other-safety-information",
}
# Keys `show -s` offers, in the order a PLR label has them.
LABEL_KEYS: tuple[str, ...] = (
    "highlights", "boxed-warning", "recent-major-changes", "indications", "dosage", "dosage-forms",
    "contraindications", "warnings", "adverse-reactions", "interactions",
    "specific-populations", "drug-abuse", "overdosage", "description", "clinical-pharmacology",
    "nonclinical-toxicology", "clinical-studies", "references", "how-supplied", "storage",
    "patient-counseling", "package-label", "active-ingredient", "purpose",
    "inactive-ingredients", "questions", "other-safety-information", "unclassified", "other",
)  # fmt: skip
SERIOUS_KEYS = frozenset({"boxed-warning", "warnings"})


def field_name(name: str) -> str:
    """openFDA's field name for a LOINC section name (`Dosage & Administration`)."""
    text = name.lower().replace("&", "and").replace("/", " or ")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


FIELD_CODES: dict[str, str] = {field_name(name): code for code, name in LOINC_NAMES.items()}
FIELD_CODES["spl_unclassified_section"] = UNCLASSIFIED
FIELD_CODES["spl_product_data_elements"] = PRODUCT_DATA


def section_key(code: str | None) -> str:
    """The `show -s` key of the section with LOINC *code*; `other` for an unknown code."""
    if code is None:
        return "other"
    return SHORT_KEYS.get(code, "other")


def section_name(code: str | None) -> str:
    return LOINC_NAMES.get(code or "", "Other section")
