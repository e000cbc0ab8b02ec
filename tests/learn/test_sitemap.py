import re


def test_it_lists_home_course_every_lesson_and_the_labs_in_both_languages(client, lessons):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>http://testserver([^<]+)</loc>", xml)
    for language in ("en", "zh-hans"):
        assert f"/{language}/" in locations
        assert f"/{language}/lessons/" in locations
        for lesson in lessons:
            assert f"/{language}/lessons/{lesson.slug}/" in locations
        assert f"/{language}/labs/" in locations  # the labs app's section
    ours = [loc for loc in locations if loc.split("/")[2:3] in ([""], ["lessons"])]
    assert len(ours) == len(set(ours)) == 2 * (2 + 20)
    assert ('<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/lessons/probes/"/>'
            in xml)
