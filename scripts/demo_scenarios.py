"""Scenarios of the two synthetic demonstration countries ARM and GEO.

ARM and GEO are bundled to show CT-NAT on data other than the seed's Azerbaijan. They are
**synthetic**: every fact, figure, source and interview below is invented for the
demonstration and says nothing about the real Armenia or Georgia. What they share with
the seed is only the number of survey responses, interviews and participants.

Each country is written as a scenario first: per indicator a level (how far the response
is in place) and the few facts the evidence is made from. ``scripts/make_sample_data.py``
generates every file of the country from it, so the desk review, the survey answers, the
interview notes, the narratives, the background and the statistics tell one story.

Levels and the desk-review findings they give (fw1, fw2, op1, op2):

- ``strong``:  met, met, met, partly met — in place and working, with some dissent;
- ``partial``: met, partly met, partly met, not met — on paper, applied in part;
- ``weak``:    not met ×4 (``fw1`` may say otherwise) — missing or not applied;
- ``thin``:    no desk evidence at all (every finding "unknown"), so the framework
  criteria are insufficient evidence and practice rests on what stakeholders said
  (``lean`` says which way they lean).

A criterion may depart from its level (``"fw2": "met"``, with ``"fw2_text"`` the finding in
words). Per indicator: ``q`` the interview-guide question it is discussed under, ``src`` the
source number and page the desk finding cites, ``inst`` the country instruments the
desk review lists for it, and three sentences: ``doc`` what the documents establish,
``works`` the practice that works, ``gap`` the gap. ``quote`` (optional) is a sentence an
interviewer wrote down verbatim (inside quotation marks), used by one NGO interview.
"""

from __future__ import annotations

# desk-review findings per level (fw1, fw2, op1, op2)
LEVELS = {
    "strong": ("met", "met", "met", "partly_met"),
    "partial": ("met", "partly_met", "partly_met", "not_met"),
    "weak": ("not_met", "not_met", "not_met", "not_met"),
    "thin": ("unknown", "unknown", "unknown", "unknown"),
}
#: how favourably survey items and interviews lean, per level (0 unfavourable … 1 favourable)
LEAN = {"strong": 0.85, "partial": 0.5, "weak": 0.15}

DEMO_NOTE = ("Synthetic demonstration data: an invented country profile for trying CT-NAT. "
             "It describes no real country and none of it is a finding about {name}.")


def _inst(id_, kind, title, provides=(), status="in_force", **kw):
    return {"id": id_, "kind": kind, "title": title, "status": status, "provides": list(provides), **kw}


# =============================================================================== ARM
ARM = {
    "name": "Armenia",
    "story": "identification, referral and coordination are strong; funding, reintegration and "
             "services for particular groups are weak; investigation is in place but uneven; "
             "external monitoring of services (2.5) and special investigative techniques (3.5) "
             "have no documentary evidence",
    "sources": [
        ("Arm 1", "Government of the demonstration country", "Decision on the national referral mechanism for "
         "victims of trafficking", 2012, "Official gazette (synthetic)"),
        ("Arm 2", "Ministry of Internal Affairs", "Annual report on combating trafficking in human beings 2015",
         2016, "Ministry of Internal Affairs (synthetic)"),
        ("Arm 3", "Inter-agency Council against Trafficking", "National Action Plan against trafficking in "
         "human beings 2014–2016", 2014, "Office of the Government (synthetic)"),
        ("Arm 4", "Demonstration Research Institute", "Victims' access to assistance: a review of cases "
         "2012–2015", 2015, "Demonstration Research Institute (synthetic)"),
        ("Arm 5", "Parliament", "Criminal Code, as amended in 2013", 2013, "Official gazette (synthetic)"),
        ("Arm 6", "Ministry of Labour and Social Affairs", "Report on services for vulnerable persons 2015", 2016,
         "Ministry of Labour and Social Affairs (synthetic)"),
        ("Arm 7", "Regional NGO network", "Shadow report on the protection of trafficked persons", 2015,
         "Regional NGO network (synthetic)"),
        ("Arm 8", "International organisation country office", "Mapping of prevention programmes", 2014,
         "International organisation (synthetic)"),
    ],
    "indicators": {
        "1.1": {"level": "strong", "q": "3.5", "src": (1, 4),
                "inst": [_inst("nrm_decision_2012", "decision", "Government decision on the national referral mechanism",
                               ["national_referral_mechanism", "referral_roles_and_coordination",
                                "ngo_formal_membership"], issuer="Government", number="Decision No. 1420",
                               date="2012-10")],
                "doc": "A 2012 government decision sets up the referral mechanism and lists the roles and "
                       "responsibilities of eight State bodies and of the NGOs that are its members.",
                "works": "The referral mechanism works well: State bodies and member NGOs know their roles and "
                         "refer victims through it.",
                "gap": "Regional offices are not always aware of the referral procedure, so a few victims "
                       "outside the capital are not referred."},
        "1.2": {"level": "strong", "q": "3.2", "src": (1, 9),
                "inst": [_inst("identification_procedure_2012", "decision", "Procedure for identifying victims of "
                               "trafficking", ["victim_identification_procedure", "identification_referral_link"],
                               part_of="nrm_decision_2012")],
                "doc": "The identification procedure gives victim status through a multi-agency commission and "
                       "links each identified person to the referral mechanism.",
                "works": "Victim status is granted by the commission within a few days, and identified victims "
                         "are then offered assistance; the participants found the process effective.",
                "gap": "Victim status still takes long when the person was exploited abroad and documents "
                       "are missing."},
        "1.3": {"level": "partial", "q": "3.3", "src": (4, 12),
                "inst": [_inst("identification_indicators_2013", "decision", "List of indicators for identifying "
                               "victims of trafficking", ["identification_indicators"], date="2013")],
                "doc": "A list of indicators was adopted in 2013 and distributed to the police and social "
                       "services.",
                "works": "Police officers apply the indicators when they screen presumed victims.",
                "gap": "Labour inspectors and border guards have no screening checklists, and the indicators "
                       "do not cover labour exploitation well.",
                "quote": "we were given the indicators once, and nobody has asked us about them since"},
        "1.4": {"level": "strong", "q": "3.4", "src": (2, 18),
                "inst": [_inst("hotline_arm", "service", "Free national hotline on trafficking",
                               ["hotline"], operator="state")],
                "doc": "A free national hotline has run since 2011 and is advertised in the regions.",
                "works": "The hotline is well known, and more victims come forward through it every year.",
                "gap": "Few foreign victims call the hotline, which operates in the national language and "
                       "Russian only."},
        "1.5": {"level": "partial", "q": "4.2", "src": (4, 21), "inst": [],
                "doc": "The referral decision links identification to shelter, medical and psychological "
                       "services.",
                "works": "The police refer victims to the shelter and the social services once they are "
                         "identified.",
                "gap": "Assistance beyond the first weeks depends on the victim cooperating with the "
                       "investigation, so some identified victims receive no services."},
        "2.1": {"level": "weak", "q": "4.6", "src": (6, 7), "inst": [],
                "doc": "The State budget has no line for services to trafficking victims.",
                "works": "A small State grant covered part of the shelter's costs in 2015.",
                "gap": "NGO services depend on donor funding, and no State budget line covers victim "
                       "assistance, so shelters lack funds every year.",
                "quote": "every winter we do not know whether the shelter will still be open in spring"},
        "2.2": {"level": "partial", "q": "4.3", "src": (7, 5),
                "inst": [_inst("ngo_shelter_arm", "service", "NGO-run shelter for victims of trafficking",
                               ["shelter"], operator="ngo")],
                "doc": "One NGO-run shelter provides accommodation, medical and psychological help and legal "
                       "advice.",
                "works": "The shelter provides medical, psychological and legal help to the women it "
                         "accommodates.",
                "gap": "Victims who do not stay in the shelter receive little medical or legal aid, and the "
                       "shelter has ten places only."},
        "2.3": {"level": "weak", "q": "4.3", "src": (6, 14), "inst": [],
                "doc": "No programme for the long-term reintegration of victims was found.",
                "works": "Some victims were placed in vocational courses by the employment service.",
                "gap": "Reintegration support is lacking: there is no housing help and few jobs, and "
                       "victims return to the same hardship."},
        "2.4": {"level": "weak", "q": "4.4", "src": (7, 9), "inst": [],
                "doc": "No rules set out services for male victims, child victims or foreign victims.",
                "works": "Child victims are placed with social services when a place is available.",
                "gap": "There is no service for male victims, and foreign victims have no residence "
                       "permit while they recover."},
        "2.5": {"level": "thin", "lean": "partial", "q": "4.5", "src": None, "inst": [],
                "doc": "", "works": "The shelter keeps standards of care and asks residents for feedback.",
                "gap": "No external evaluation of services has been done, and standards are not written "
                       "down."},
        "3.1": {"level": "strong", "q": "5.2", "src": (5, 3),
                "inst": [_inst("criminal_code_art_132", "code_article", "Trafficking in human beings",
                               ["trafficking_offence", "forced_labour_offence"], part_of="Criminal Code",
                               number="Article 132", date="2013"),
                         _inst("ratification_palermo_arm", "ratification", "UN Trafficking in Persons Protocol",
                               ["ratification_trafficking_protocol", "ratification_untoc"])],
                "doc": "The Criminal Code criminalises trafficking and forced labour in line with the "
                       "international definition; the UN Protocol is ratified.",
                "works": "The trafficking article of the criminal code is used in most cases, and sentences "
                         "are effective and proportionate.",
                "gap": "Some sentences were suspended, which the participants found too light."},
        "3.2": {"level": "partial", "q": "5.7", "src": (5, 11),
                "fw2": "met", "fw2_text": "The trafficking article states that the victim's consent is irrelevant "
                                          "where any of the means of trafficking was used.",
                "inst": [_inst("criminal_code_non_punishment", "code_article", "Exemption of victims from "
                               "liability", ["non_punishment_provision"], part_of="Criminal Code",
                               number="Article 132.4"),
                         _inst("criminal_code_consent_arm", "code_article", "Irrelevance of the victim's consent",
                               ["consent_irrelevance_in_law", "consent_irrelevance_in_criminal_code"],
                               part_of="Criminal Code", number="Article 132, note")],
                "doc": "The Criminal Code exempts victims from liability for offences they were compelled to "
                       "commit.",
                "works": "Prosecutors apply the non-punishment provision in cases of forced criminality.",
                "gap": "Victims of sexual exploitation were fined for prostitution before they were "
                       "identified."},
        "3.3": {"level": "partial", "q": "5.1", "src": (2, 30),
                "inst": [_inst("police_unit_arm", "body", "Anti-trafficking division of the police",
                               ["specialised_police_unit"], mandate=["police"])],
                "doc": "A specialised police division investigates trafficking and a department of the "
                       "prosecutor's office supervises the cases.",
                "works": "The police division investigates trafficking cases effectively when victims "
                         "complain.",
                "gap": "Investigations are reactive, and few cases are opened without a complaint."},
        "3.4": {"level": "partial", "q": "5.5", "src": (3, 14), "inst": [],
                "doc": "The National Action Plan provides for training of police, prosecutors and judges.",
                "works": "Police investigators receive training every year.",
                "gap": "Training for judges is ad hoc and depends on donor projects."},
        "3.5": {"level": "thin", "lean": "weak", "q": "5.7", "src": None, "inst": [],
                "doc": "", "works": "Surveillance was used in one large case.",
                "gap": "Financial investigations are not used, and the participants could not name a case "
                       "with undercover work."},
        "4.1": {"level": "weak", "q": "6.3", "src": (8, 6), "inst": [],
                "doc": "No strategy addresses the root causes of trafficking or names groups at risk.",
                "works": "General social programmes reduce poverty in some regions.",
                "gap": "No programme targets groups at risk such as young people leaving care or rural "
                       "women without work."},
        "4.2": {"level": "strong", "q": "6.2", "src": (8, 15),
                "inst": [_inst("awareness_programme_arm", "plan", "Awareness-raising programme of the National "
                               "Action Plan", ["awareness_strategy"], part_of="nap_2014_2016")],
                "doc": "The National Action Plan contains an awareness-raising programme with the media and "
                       "the hotline.",
                "works": "Awareness campaigns run every year on television and in schools, and journalists "
                         "were trained on reporting.",
                "gap": "Some media reporting still shows victims' faces."},
        "4.3": {"level": "weak", "q": "6.6", "src": (4, 3), "inst": [],
                "doc": "No State system collects disaggregated data on victims and traffickers.",
                "works": "The police keep their own statistics on cases.",
                "gap": "Data are not shared between agencies, and no research on labour exploitation has "
                       "been done."},
        "4.4": {"level": "partial", "q": "6.4", "src": (8, 22),
                "inst": [_inst("labour_inspectorate_arm", "body", "Health and Labour Inspection Body",
                               ["labour_inspectorate"], mandate=["labour_inspection"])],
                "doc": "The labour inspectorate may inspect workplaces, and the plan mentions demand.",
                "works": "Labour inspectors check contracts in construction and agriculture.",
                "gap": "No measure targets the demand for sexual services, and inspections of private homes "
                       "are not possible."},
        "4.5": {"level": "partial", "q": "6.5", "src": (3, 20), "inst": [],
                "doc": "The migration strategy includes information for people going abroad and border "
                       "checks.",
                "works": "Border guards give leaflets on safe migration to travellers.",
                "gap": "Regular work permits abroad are available to few people, and recruitment agencies "
                       "are not checked."},
        "5.1": {"level": "strong", "q": "7.1", "src": (3, 2),
                "inst": [_inst("nap_2014_2016", "plan", "National Action Plan against trafficking 2014–2016",
                               ["national_action_plan", "nap_cooperation_provisions"], date="2014")],
                "doc": "A third National Action Plan for 2014–2016 sets out national, bilateral and regional "
                       "cooperation and its operating procedures.",
                "works": "The action plan is implemented through regular meetings, and agencies report on "
                         "it every year.",
                "gap": "Some measures of the action plan have no budget."},
        "5.2": {"level": "strong", "q": "7.1", "src": (3, 5),
                "inst": [_inst("interagency_council_arm", "body", "Inter-agency Council against Trafficking",
                               ["national_coordinator", "coordinator_reporting_mandate",
                                "interagency_coordination_body"], mandate=["coordination"])],
                "doc": "The Inter-agency Council coordinates the response, and its secretary reports on the "
                       "plan every year.",
                "works": "The coordinator convenes the council regularly and publishes an annual report.",
                "gap": "The annual report does not evaluate the results of the plan."},
        "5.3": {"level": "strong", "q": "7.3", "src": (1, 11),
                "inst": [_inst("ngo_memorandum_arm", "agreement", "Memorandum of understanding between the "
                               "police and NGOs", ["state_ngo_cooperation_agreement", "state_ngo_cooperation_in_law"],
                               date="2013")],
                "doc": "A memorandum of understanding makes NGOs partners of the police and the social "
                       "services.",
                "works": "NGOs and State bodies cooperate well and meet regularly on cases.",
                "gap": "Smaller NGOs from the regions are not invited to the meetings."},
        "5.4": {"level": "partial", "q": "7.2", "src": (2, 40), "inst": [],
                "doc": "Mutual legal assistance treaties with the main countries of destination are in force.",
                "works": "Requests for legal assistance are answered, and joint investigations took place "
                         "twice.",
                "gap": "Cooperation is case by case and slow when victims are abroad."},
        "5.5": {"level": "weak", "q": "7.2", "src": (6, 30), "inst": [],
                "doc": "No bilateral agreement covers the return or assistance of victims.",
                "works": "Embassies helped a few victims to return.",
                "gap": "There is no bilateral agreement on the safe return of victims, and consulates do "
                       "not know the referral procedure."},
    },
    "overview": ("Read together, the desk review, the interviews and the survey describe a country of origin "
                 "whose identified cases are still mostly women exploited sexually abroad, while the labour "
                 "exploitation of men, at home and abroad, is seen more often than it is identified (Arm 2)."),
    "background": {
        "situation": [
            "The demonstration country is mainly a country of origin; most identified victims are its own "
            "citizens exploited abroad, with a smaller number exploited at home.",
            "Identified victims rose from 18 in 2013 to 31 in 2015 (demonstration figures); about two thirds "
            "were women exploited sexually and one third men exploited for labour.",
        ],
        "routes": [
            "Victims were taken mostly to two neighbouring countries and to the Gulf States, by air and by "
            "road.",
            "Internal trafficking from rural areas to the capital is reported for begging and sexual "
            "exploitation.",
        ],
        "victim_profiles": [
            "Women aged 18 to 35 from rural areas, recruited with offers of work in services abroad.",
            "Men recruited for construction abroad, whose cases are often treated as labour disputes.",
        ],
        "legal_framework": [
            "The Criminal Code criminalises trafficking and forced labour; a 2012 government decision sets up "
            "the national referral mechanism.",
        ],
        "ratifications": [("UN Convention against Transnational Organized Crime", 2003),
                          ("UN Trafficking in Persons Protocol", 2003),
                          ("Council of Europe Convention on Action against Trafficking in Human Beings", 2008)],
        "institutions": [
            "An Inter-agency Council chaired by a deputy prime minister coordinates the response; a police "
            "division investigates and a department of the prosecutor's office supervises the cases.",
        ],
        "services": [
            "One NGO-run shelter with ten places and the national hotline are the main services; the social "
            "services place child victims.",
        ],
    },
    "statistics": [
        ("victims_identified", 2013, 18, "", "", ""), ("victims_identified", 2014, 24, "", "", ""),
        ("victims_identified", 2015, 31, "", "", ""), ("victims_identified", 2015, 20, "female", "", "sexual"),
        ("victims_identified", 2015, 11, "male", "", "labour"), ("hotline_calls", 2015, 1240, "", "", ""),
        ("hotline_calls_trafficking", 2015, 46, "", "", ""), ("criminal_cases_opened", 2015, 14, "", "", ""),
        ("convictions", 2015, 6, "", "", ""), ("shelter_places", 2015, 10, "", "", "", 7),
    ],
    # survey question 8.1: the priorities respondents lean to (the weak areas first)
    "priorities": ["B", "C", "I", "L", "E", "H"],
    "intros": {
        "area1": "Identification and referral are the strongest part of the response in this demonstration "
                 "country.",
        "area2": "Protection and assistance depend on one NGO shelter and on donor funding.",
        "area3": "The law is in line with international standards, but investigations remain reactive.",
        "area4": "Prevention relies on awareness campaigns; root causes and data are the main gaps.",
        "area5": "Coordination is well established around the Inter-agency Council and the action plan.",
    },
}

# =============================================================================== GEO
GEO = {
    "name": "Georgia",
    "story": "referral to services and protection are strong (State shelters, a State fund, service "
             "standards); identification tools, non-punishment, training and special investigative "
             "techniques are weak; research and data (4.3) and criminal-justice cooperation abroad (5.4) "
             "have no documentary evidence",
    "sources": [
        ("Geo 1", "Government of the demonstration country", "Resolution on the national referral mechanism "
         "and the identification of victims", 2011, "Official gazette (synthetic)"),
        ("Geo 2", "State Fund for the Protection of Victims", "Annual activity report 2015", 2016,
         "State Fund (synthetic)"),
        ("Geo 3", "Inter-agency Coordination Council", "National Action Plan against trafficking 2015–2016",
         2015, "Inter-agency Coordination Council (synthetic)"),
        ("Geo 4", "Parliament", "Law on combating trafficking in human beings, consolidated text", 2014,
         "Official gazette (synthetic)"),
        ("Geo 5", "Demonstration Human Rights Centre", "Monitoring report on shelters and crisis centres", 2015,
         "Demonstration Human Rights Centre (synthetic)"),
        ("Geo 6", "Prosecutor's Office", "Report on trafficking investigations and prosecutions 2013–2015", 2016,
         "Prosecutor's Office (synthetic)"),
        ("Geo 7", "International organisation country office", "Assessment of border and migration "
         "management", 2014, "International organisation (synthetic)"),
        ("Geo 8", "NGO coalition", "Civil society report on victims' rights", 2015, "NGO coalition (synthetic)"),
    ],
    "indicators": {
        "1.1": {"level": "strong", "q": "3.5", "src": (1, 3),
                "inst": [_inst("nrm_resolution_2011", "decision", "Government resolution on the national referral "
                               "mechanism", ["national_referral_mechanism", "referral_roles_and_coordination",
                                             "identification_referral_link"], issuer="Government",
                               number="Resolution No. 284", date="2011-07")],
                "doc": "A 2011 government resolution sets up the national referral mechanism and the roles and "
                       "responsibilities of each agency and of the State Fund.",
                "works": "The referral mechanism works well: every identified victim is referred to the State "
                         "Fund, and agencies know their roles.",
                "gap": "NGOs are not full members of the referral mechanism and are informed only when they "
                       "refer a victim themselves."},
        "1.2": {"level": "partial", "q": "3.2", "src": (1, 8),
                "inst": [_inst("identification_groups_geo", "body", "Permanent identification group",
                               ["victim_identification_procedure"], mandate=["victim_services"])],
                "doc": "The resolution sets out how a permanent group grants victim status; a presumed victim "
                       "is handed over to the group within 48 hours.",
                "works": "Victim status is granted by the permanent group, and the process works for victims "
                         "of sexual exploitation.",
                "gap": "Victims of labour exploitation are rarely identified, because the group sees their "
                       "cases as labour disputes."},
        "1.3": {"level": "weak", "q": "3.3", "src": (5, 17), "inst": [],
                "doc": "No national list of indicators has been adopted.",
                "works": "Police officers use indicators from an international training manual.",
                "gap": "There are no national indicators or checklists, and front-line staff cannot "
                       "recognise victims of labour exploitation.",
                "quote": "officers learn the signs from colleagues, not from any written list"},
        "1.4": {"level": "partial", "q": "3.4", "src": (2, 12),
                "inst": [_inst("hotline_geo", "service", "Hotline of the State Fund", ["hotline"],
                               operator="state")],
                "doc": "The State Fund runs a hotline, mentioned in the action plan.",
                "works": "The hotline works around the clock, and some victims come forward through it.",
                "gap": "The hotline is little advertised, and public awareness of it is low."},
        "1.5": {"level": "strong", "q": "4.2", "src": (1, 11),
                "inst": [_inst("unconditional_assistance_geo", "code_article", "Assistance without a duty to "
                               "cooperate", ["referral_service_link", "unconditional_assistance"],
                               part_of="Law on combating trafficking", number="Article 17")],
                "doc": "The law entitles every identified victim to assistance whether or not they cooperate "
                       "with the investigation.",
                "works": "The police refer victims to the shelters and the crisis centre, and services are "
                         "provided to all identified victims.",
                "gap": "Presumed victims waiting for status receive only emergency help."},
        "2.1": {"level": "strong", "q": "4.6", "src": (2, 4),
                "inst": [_inst("state_fund_geo", "body", "State Fund for the Protection of Victims",
                               ["state_budget_victim_services", "victim_assistance_fund", "ngo_state_funding"],
                               mandate=["victim_services", "hotline_operation"])],
                "doc": "The State budget funds the State Fund, which also gives grants to NGO services.",
                "works": "The State budget funds the shelters and the crisis centre, and NGOs receive State "
                         "grants for legal aid.",
                "gap": "Funding for NGO reintegration projects still depends on donors."},
        "2.2": {"level": "strong", "q": "4.3", "src": (5, 6),
                "inst": [_inst("state_shelters_geo", "service", "Two State shelters and a crisis centre",
                               ["shelter", "non_residential_services", "free_legal_assistance"],
                               operator="state")],
                "doc": "Two State shelters and a crisis centre provide accommodation, medical, psychological "
                       "and legal help, also to victims who do not stay there.",
                "works": "The shelters provide psychological, medical and legal help, and victims who live "
                         "elsewhere receive counselling too.",
                "gap": "Legal aid in court is provided only in the capital."},
        "2.3": {"level": "partial", "q": "4.3", "src": (2, 9),
                "inst": [_inst("reintegration_grants_geo", "service", "Reintegration grants of the State Fund",
                               ["rehabilitation_reintegration_framework", "repatriation_rules"], operator="state")],
                "doc": "The State Fund pays reintegration grants and has rules on voluntary return.",
                "works": "Victims receive a reintegration grant and vocational courses.",
                "gap": "Jobs and housing after the shelter are hard to find, and the return of foreign "
                       "victims is slow."},
        "2.4": {"level": "partial", "q": "4.4", "src": (5, 14),
                "inst": [_inst("child_provisions_geo", "code_article", "Provisions for child victims",
                               ["child_victim_provisions"], part_of="Law on combating trafficking",
                               number="Article 20")],
                "doc": "The law provides for the best interests of child victims and for the appointment of a "
                       "guardian.",
                "works": "Child victims are placed in separate rooms and a guardian is appointed.",
                "gap": "Male victims have no separate accommodation, and foreign victims wait long for a "
                       "residence permit."},
        "2.5": {"level": "strong", "q": "4.5", "src": (5, 2),
                "inst": [_inst("service_standards_geo", "decision", "Minimum standards for shelters and crisis "
                               "centres", ["minimum_service_standards", "service_monitoring_framework"],
                               date="2013")],
                "doc": "Minimum standards for the shelters were adopted in 2013, with internal monitoring.",
                "works": "Services are monitored against written standards, and residents give feedback.",
                "gap": "External evaluation of services has been done only once."},
        "3.1": {"level": "strong", "q": "5.2", "src": (4, 5),
                "inst": [_inst("criminal_code_art_143_1", "code_article", "Trafficking in human beings",
                               ["trafficking_offence", "forced_labour_offence"], part_of="Criminal Code",
                               number="Article 143.1"),
                         _inst("ratification_palermo_geo", "ratification", "UN Trafficking in Persons Protocol",
                               ["ratification_trafficking_protocol", "ratification_untoc"])],
                "doc": "The Criminal Code defines trafficking in line with the international definition, and "
                       "the UN Protocol and the Council of Europe Convention are ratified.",
                "works": "The trafficking article is used in most cases, and sentences are effective.",
                "gap": "Forced labour cases are rarely charged under the trafficking article."},
        "3.2": {"level": "weak", "q": "5.7", "src": (8, 7),
                "fw2": "met", "fw2_text": "The trafficking article of the Criminal Code states that the victim's "
                                          "consent is irrelevant where the means of trafficking were used.",
                "inst": [_inst("criminal_code_consent_geo", "code_article", "Irrelevance of the victim's consent",
                               ["consent_irrelevance_in_law", "consent_irrelevance_in_criminal_code"],
                               part_of="Criminal Code", number="Article 143.1, note")],
                "doc": "No provision exempts victims from punishment for offences they were compelled to "
                       "commit.",
                "works": "Prosecutors sometimes drop charges against victims.",
                "gap": "Victims were fined or detained for illegal border crossing and prostitution, since "
                       "there is no non-punishment provision."},
        "3.3": {"level": "partial", "q": "5.1", "src": (6, 3),
                "inst": [_inst("police_unit_geo", "body", "Anti-trafficking unit of the police",
                               ["specialised_police_unit"], mandate=["police"]),
                         _inst("prosecution_geo", "body", "Prosecutor's Office", [], mandate=["prosecution"])],
                "doc": "A specialised police unit investigates trafficking, and the prosecutor's office "
                       "prosecutes the cases.",
                "works": "The police unit investigates trafficking cases when victims report them.",
                "gap": "Proactive investigations are rare, and few prosecutions concern labour exploitation."},
        "3.4": {"level": "weak", "q": "5.5", "src": (6, 20), "inst": [],
                "doc": "No law or plan provides for training of criminal justice practitioners.",
                "works": "Some police officers attended a course run by an international organisation.",
                "gap": "Training for prosecutors and judges is ad hoc, and there is no course in the "
                       "academy.",
                "quote": "judges have never had a single day of training on this crime"},
        "3.5": {"level": "weak", "q": "5.7", "src": (6, 25), "inst": [],
                "doc": "No guidance covers special investigative techniques in trafficking cases.",
                "works": "Surveillance is allowed in law for serious crimes.",
                "gap": "Financial investigations and undercover work are not used in trafficking cases."},
        "4.1": {"level": "partial", "q": "6.3", "src": (3, 9), "inst": [],
                "doc": "The action plan names groups at risk, including children in street situations.",
                "works": "Social programmes help families in poverty and children in street situations.",
                "gap": "No programme addresses unemployment among young people in border regions."},
        "4.2": {"level": "partial", "q": "6.2", "src": (3, 11),
                "inst": [_inst("awareness_plan_geo", "plan", "Awareness-raising measures of the action plan",
                               ["awareness_strategy"], part_of="nap_2015_2016")],
                "doc": "The action plan includes awareness campaigns.",
                "works": "Awareness campaigns run in schools and on regional television.",
                "gap": "No work is done with journalists, and media reporting sometimes harms victims."},
        "4.3": {"level": "thin", "lean": "weak", "q": "6.6", "src": None, "inst": [],
                "doc": "", "works": "The police publish statistics on cases every year.",
                "gap": "No research on trafficking has been done, and data are not disaggregated."},
        "4.4": {"level": "weak", "q": "6.4", "src": (7, 31), "inst": [],
                "doc": "No policy addresses demand, and labour inspections were suspended.",
                "works": "Employers who hire migrants must register contracts.",
                "gap": "There is no labour inspection of working conditions, and demand for exploited "
                       "labour is not addressed."},
        "4.5": {"level": "strong", "q": "6.5", "src": (7, 8),
                "inst": [_inst("migration_strategy_geo", "plan", "Migration strategy", ["border_migration_prevention",
                                                                                       "regular_migration_policy",
                                                                                       "migrant_information_measures"],
                               date="2013")],
                "doc": "The migration strategy sets out border measures against trafficking and circular "
                       "migration schemes.",
                "works": "Border officers screen travellers, and circular work permits give regular routes "
                         "to work abroad.",
                "gap": "Few people know about the circular work permits."},
        "5.1": {"level": "strong", "q": "7.1", "src": (3, 1),
                "inst": [_inst("nap_2015_2016", "plan", "National Action Plan against trafficking 2015–2016",
                               ["national_action_plan", "nap_cooperation_provisions", "nap_operating_procedures"],
                               date="2015")],
                "doc": "The National Action Plan for 2015–2016 sets out national and international cooperation "
                       "and who implements each measure.",
                "works": "The action plan is implemented, and agencies report on it twice a year.",
                "gap": "Some measures of the action plan were postponed."},
        "5.2": {"level": "partial", "q": "7.1", "src": (3, 4),
                "op1": "met", "op1_text": "A deputy minister is appointed national coordinator and chairs the "
                                          "council.",
                "inst": [_inst("coordination_council_geo", "body", "Inter-agency Coordination Council",
                               ["national_coordinator", "interagency_coordination_body"], mandate=["coordination"])],
                "doc": "The Inter-agency Coordination Council coordinates the response.",
                "works": "The coordination council meets four times a year.",
                "gap": "The council has no independent rapporteur and its annual report is not published."},
        "5.3": {"level": "strong", "q": "7.3", "src": (8, 2),
                "inst": [_inst("ngo_cooperation_geo", "agreement", "Memorandum between the State Fund and NGOs",
                               ["state_ngo_cooperation_agreement", "state_ngo_cooperation_in_law"], date="2012")],
                "doc": "A memorandum between the State Fund and NGOs sets out their cooperation.",
                "works": "NGOs and the State Fund cooperate well and meet regularly.",
                "gap": "NGOs are not members of the coordination council."},
        "5.4": {"level": "thin", "lean": "partial", "q": "7.2", "src": None, "inst": [],
                "doc": "", "works": "Requests for legal assistance from neighbouring countries are answered.",
                "gap": "Joint investigations with destination countries have not taken place."},
        "5.5": {"level": "partial", "q": "7.2", "src": (7, 40), "inst": [],
                "doc": "Readmission agreements provide for cooperation on the return of migrants.",
                "works": "Bilateral meetings with neighbouring countries take place every year.",
                "gap": "No bilateral agreement deals with the assistance of victims."},
    },
    "overview": ("The sources agree that the demonstration country mostly sends victims abroad, and that what "
                 "is known rests on the cases the authorities identify: sexual exploitation of women is well "
                 "documented, labour exploitation much less (Geo 2)."),
    "background": {
        "situation": [
            "The demonstration country is a country of origin and, to a lesser extent, of transit and "
            "destination.",
            "Identified victims numbered 22 in 2014 and 27 in 2015 (demonstration figures), most of them "
            "women exploited sexually; few cases of labour exploitation are identified.",
        ],
        "routes": [
            "Victims were exploited mostly in a neighbouring country and in Western Europe, travelling by "
            "land and by air.",
            "Some foreign victims transit the country on their way to third countries.",
        ],
        "victim_profiles": [
            "Women aged 20 to 40 recruited for work in hotels and restaurants abroad.",
            "Children in street situations, exposed to forced begging.",
        ],
        "legal_framework": [
            "A law on combating trafficking and the Criminal Code define trafficking; a 2011 government "
            "resolution sets up the referral mechanism.",
        ],
        "ratifications": [("UN Convention against Transnational Organized Crime", 2006),
                          ("UN Trafficking in Persons Protocol", 2006),
                          ("Council of Europe Convention on Action against Trafficking in Human Beings", 2007)],
        "institutions": [
            "An Inter-agency Coordination Council leads the response; a State Fund protects and assists "
            "victims; a police unit and the prosecutor's office investigate and prosecute.",
        ],
        "services": [
            "Two State shelters, a crisis centre and the State Fund's hotline; NGOs provide legal aid with "
            "State grants.",
        ],
    },
    "statistics": [
        ("victims_identified", 2014, 22, "", "", ""), ("victims_identified", 2015, 27, "", "", ""),
        ("victims_identified", 2015, 21, "female", "", "sexual"), ("victims_identified", 2015, 4, "male", "",
                                                                    "labour"),
        ("victims_sheltered", 2015, 19, "", "", ""), ("shelter_places", 2015, 30, "", "", ""),
        ("hotline_calls", 2015, 2100, "", "", ""), ("criminal_cases_opened", 2015, 12, "", "", "", 6),
        ("convictions", 2015, 5, "", "", "", 6),
    ],
    "priorities": ["A", "G", "H", "K", "L", "B"],
    "intros": {
        "area1": "Referral works in this demonstration country; identification tools are the gap.",
        "area2": "Protection and assistance are the strongest part of the response, funded by the State.",
        "area3": "The law is sound, but non-punishment, training and special techniques are missing.",
        "area4": "Border and migration measures work; demand and research are the gaps.",
        "area5": "The action plan and cooperation with NGOs work; the coordinator's mandate is limited.",
    },
}

SCENARIOS = {"ARM": ARM, "GEO": GEO}


def desk_findings(scenario: dict) -> dict[str, str]:
    """``{"1.1.fw1": "met", …}``: the desk-review finding of each criterion."""
    out = {}
    for ind, spec in scenario["indicators"].items():
        for crit, finding in zip(("fw1", "fw2", "op1", "op2"), LEVELS[spec["level"]]):
            out[f"{ind}.{crit}"] = spec.get(crit, finding)
    return out


def lean(scenario: dict, indicator: str) -> float:
    spec = scenario["indicators"][indicator]
    return LEAN[spec.get("lean", spec["level"]) if spec["level"] == "thin" else spec["level"]]
